// One scenario of the AI benchmark: fresh shops on the Business plan share a generated
// catalogue, each asks for a bulk run on its products (vinted, ebay, etsy), and the engine's
// own code does the rest (pg-boss jobs, cache, one model call per product against the
// OpenAI sandbox, ledger). What the model was asked is read from the sandbox and the ledger.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, createPool, provisionTenant, tenant, withTenant } from "@stoflow/db";
import { startRun } from "../../engine/src/ai/requests.ts";
import { findRun } from "../../engine/src/ai/runs.ts";
import { startAi } from "../../engine/src/ai/runtime.ts";
import { loadConfig } from "../../engine/src/config.ts";
import { createLogger } from "../../engine/src/logger.ts";
import { createBoss } from "../../engine/src/pipeline/queues.ts";
import type { OpenAiSandbox } from "../../engine/src/sandbox/openai/server.ts";
import type { CatalogueProduct } from "./catalogue.ts";

export interface ScenarioResult {
  label: string;
  cache: boolean;
  products: number;
  shops: number;
  seconds: number;
  modelCalls: number;
  ledgerModelCalls: number;
  cacheHits: number;
  fallbacks: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export async function runScenario(options: {
  label: string;
  url: string;
  sandbox: OpenAiSandbox;
  cache: boolean;
  catalogue: CatalogueProduct[];
  shops: number;
  concurrency: number;
  log: (line: string) => void;
}): Promise<ScenarioResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-bench-ai-"));
  chmodSync(dataDir, 0o755);
  const config = loadConfig({
    DATABASE_URL: options.url,
    STOFLOW_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    OPENAI_BASE_URL: options.sandbox.baseUrl,
    OPENAI_API_KEY: "sk-bench",
    STOFLOW_AI_CACHE: options.cache ? "on" : "off",
    STOFLOW_AI_CONCURRENCY: String(options.concurrency),
  });
  const pool = createPool(options.url, { max: 10 });
  const db = createDb(pool);
  const database = { pool, db, embedded: undefined, close: () => pool.end() };
  const boss = createBoss(options.url);
  try {
    await pool.query("TRUNCATE ai_cache");
    await fetch(`${options.sandbox.url}/__sandbox/reset`, { method: "POST" });
    const shops: { tenantId: number; productIds: string[] }[] = [];
    for (let s = 0; s < options.shops; s++) {
      const { id } = await provisionTenant(pool, {
        name: `AI bench ${s} ${randomBytes(3).toString("hex")}`,
      });
      await pool.query("INSERT INTO subscriptions (tenant_id, plan_code) VALUES ($1, 'business')", [
        id,
      ]);
      const mine = options.catalogue.filter((_, i) => i % options.shops === s);
      const productIds = await withTenant(db, id, async (tx) => {
        const rows = await tx
          .insert(tenant.products)
          .values(mine.map((p) => ({ ...p, price: p.price.toFixed(2) })))
          .returning({ id: tenant.products.id });
        return rows.map((r) => r.id);
      });
      shops.push({ tenantId: id, productIds });
    }
    options.log(`${options.label}: ${options.catalogue.length} products in ${shops.length} shops`);
    boss.on("error", (error) => options.log(`pg-boss: ${error.message}`));
    await boss.start();
    const ai = await startAi({ config, database, log: createLogger(config) }, boss, {
      workers: true,
      pollingIntervalSeconds: 0.5,
    });
    const started = performance.now();
    const runs: { tenantId: number; runId: string }[] = [];
    for (const shop of shops) {
      const result = await startRun(ai, shop.tenantId, {
        productIds: shop.productIds,
        platforms: ["vinted", "ebay", "etsy"],
        apply: false,
        createdBy: "bench",
      });
      if (!("run" in result)) throw new Error("products missing");
      runs.push({ tenantId: shop.tenantId, runId: result.run.id });
    }
    let last = "";
    for (;;) {
      const states = await Promise.all(
        runs.map((r) => withTenant(db, r.tenantId, (tx) => findRun(tx, r.runId))),
      );
      const done = states.reduce((n, s) => n + (s ? s.done + s.failed : 0), 0);
      const line = `${options.label}: ${done}/${options.catalogue.length}`;
      if (line !== last && done % 100 < 10) options.log(line);
      last = line;
      if (states.every((s) => s?.status === "finished")) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    const ids = shops.map((s) => s.tenantId);
    const { rows } = await pool.query<Record<string, string>>(
      `SELECT sum(model_calls) AS calls, sum(cache_hits) AS hits, sum(fallbacks) AS fallbacks,
              sum(prompt_tokens) AS prompt, sum(completion_tokens) AS completion,
              sum(cost_micros) AS cost
         FROM ai_ledger WHERE tenant_id = ANY($1)`,
      [ids],
    );
    const ledger = rows[0] ?? {};
    const seen = options.sandbox.log.snapshot();
    return {
      label: options.label,
      cache: options.cache,
      products: options.catalogue.length,
      shops: shops.length,
      seconds,
      modelCalls: seen.calls,
      ledgerModelCalls: Number(ledger.calls ?? 0),
      cacheHits: Number(ledger.hits ?? 0),
      fallbacks: Number(ledger.fallbacks ?? 0),
      promptTokens: Number(ledger.prompt ?? 0),
      completionTokens: Number(ledger.completion ?? 0),
      costUsd: Number(ledger.cost ?? 0) / 1_000_000,
    };
  } finally {
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
    await pool.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
