// Import benchmark: N products (default 50,000) from the WooCommerce sandbox (its own process)
// through the real import runner into a tenant schema, end to end (HTTP, OAuth signing,
// variations, mapping, upserts, images, variants, run bookkeeping): products per second and the
// importer's peak RSS; then a raw COPY of the same rows into a scratch table, and the ratio.
// Usage: npm run bench:import [-- --products N --variable-ratio R]
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  createDb,
  createPool,
  migrate,
  provisionTenant,
  tenantSchema,
} from "../../db/src/index.ts";
import { loadConfig } from "../../engine/src/config.ts";
import { createLogger } from "../../engine/src/logger.ts";
import { createBoss, ensureQueues } from "../../engine/src/pipeline/queues.ts";
import { DEFAULT_SETTINGS } from "../../engine/src/pipeline/settings.ts";
import { configuredPorts } from "../../engine/src/pipeline/wiring.ts";
import { connectSource } from "../../engine/src/sources/connect.ts";
import { loadSource } from "../../engine/src/sources/connection.ts";
import { importDeps } from "../../engine/src/sources/deps.ts";
import { runImport } from "../../engine/src/sources/import-run.ts";
import { ensureSourceQueues } from "../../engine/src/sources/jobs.ts";
import type { ImportProgress } from "../../engine/src/sources/progress.ts";
import { sourceOf } from "../../engine/src/sources/registry.ts";
import { createVault } from "../../engine/src/vault/vault.ts";
import { startBenchServer } from "../lib/server.ts";
import { table } from "../lib/table.ts";
import { startChild } from "../pipeline/child.ts";
import { installQueryProfiler, startStatements, stopStatements } from "../pipeline/profile.ts";
import { exportRows, timeCopy } from "./copy.ts";

const { values: args } = parseArgs({
  options: {
    products: { type: "string", default: "50000" },
    "variable-ratio": { type: "string", default: "0.1" },
  },
});
const count = Number(args.products);
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (v: number, digits = 0) =>
  v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => bytes / 2 ** 20;
/** This process's peak resident set so far (VmHWM), in bytes. */
const peakRss = () =>
  Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024;

installQueryProfiler();
process.env.BENCH_IMPORT_PRODUCTS = String(count);
process.env.BENCH_IMPORT_VARIABLE_RATIO = String(args["variable-ratio"]);
const server = await startBenchServer(log);
const store = await startChild("bench/import/sandbox-child.ts");
const shop = JSON.parse(store.ready) as {
  url: string;
  consumerKey: string;
  consumerSecret: string;
};
const pool = createPool(server.url, { max: 10 });
const boss = createBoss(server.url, { max: 2 });
try {
  await migrate(pool);
  const db = createDb(pool);
  const config = loadConfig({ DATABASE_URL: server.url, LOG_LEVEL: "warn" });
  const logger = createLogger(config);
  const vault = createVault(db, randomBytes(32));
  await boss.start();
  await ensureQueues(boss, DEFAULT_SETTINGS);
  await ensureSourceQueues(boss);
  const tenant = await provisionTenant(pool, { name: "Bench shop" });
  // A Business shop: no product limit (a new shop's Starter plan would keep 50 of them).
  await pool.query(
    `INSERT INTO subscriptions (tenant_id, plan_code) VALUES ($1, 'business')
     ON CONFLICT (tenant_id) DO UPDATE SET plan_code = EXCLUDED.plan_code`,
    [tenant.id],
  );
  const database = { pool, db, embedded: undefined, close: async () => {} };
  const ctx = { config, database, log: logger, vault };
  const requester = { db, boss, payloads: configuredPorts(ctx).payloads };
  const deps = importDeps(ctx, requester);
  // No engine HTTP server here: the store cannot reach a webhook URL and says so (kept).
  const connected = await connectSource(
    deps,
    tenant.id,
    {
      kind: "woocommerce",
      baseUrl: shop.url,
      credentials: { consumerKey: shop.consumerKey, consumerSecret: shop.consumerSecret },
    },
    "http://127.0.0.1:9",
  );
  log(
    `Importing ${fmt(count)} products from ${shop.url} (variable ratio ${args["variable-ratio"]})`,
  );
  const rssBefore = process.memoryUsage().rss;
  let sampledPeak = rssBefore;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 50);
  let lastLog = 0;
  const cpuBefore = process.cpuUsage();
  startStatements();
  const started = performance.now();
  const progress: ImportProgress = await runImport(deps, tenant.id, connected.source.id, {
    onProgress: (p) => {
      if (performance.now() - lastLog < 5_000) return;
      lastLog = performance.now();
      log(`  ${fmt(p.done)}/${fmt(p.total ?? 0)} · ${fmt(p.rate)}/s`);
    },
  });
  const importMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const statements = [...stopStatements()]
    .map(([sql, st]) => ({ sql, calls: st.calls, ms: st.ms, msPerPage: st.ms / (count / 100) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 12);
  clearInterval(sampler);
  const importPeak = Math.max(peakRss(), sampledPeak);
  if (progress.status !== "succeeded" || progress.done !== count)
    throw new Error(`Import ended ${progress.status} with ${progress.done}/${count}`);
  const { rows: counted } = await pool.query(
    `SELECT (SELECT count(*)::int FROM ${tenantSchema(tenant.id)}.products) AS products,
            (SELECT count(*)::int FROM ${tenantSchema(tenant.id)}.product_variants) AS variants,
            (SELECT count(*)::int FROM ${tenantSchema(tenant.id)}.product_images) AS images`,
  );
  const rows = await exportRows(pool, tenantSchema(tenant.id));
  const copyMs = await timeCopy(pool, tenantSchema(tenant.id), rows);
  // Where the time goes: the same pages read again with nothing stored (HTTP, signing,
  // parsing, variations), sequentially as the runner reads them.
  const readStarted = performance.now();
  const source = sourceOf(deps.sources, "woocommerce");
  const { conn } = await loadSource(deps, tenant.id, connected.source.id);
  let cursor: Record<string, unknown> | null = {};
  while (cursor) cursor = (await source.readPage(conn, { kind: "full", cursor })).next;
  const readMs = performance.now() - readStarted;
  const perSecond = (count / importMs) * 1000;
  const copyPerSecond = (count / copyMs) * 1000;
  const { rows: version } = await pool.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: totalmem() / 2 ** 30,
      kernel: release(),
      node: process.version,
      postgres: version[0]?.v,
    },
    products: count,
    variableRatio: Number(args["variable-ratio"]),
    stored: counted[0],
    import: {
      seconds: importMs / 1000,
      perSecond,
      peakRssMb: mb(importPeak),
      rssBeforeMb: mb(rssBefore),
      failed: progress.failed,
      importerCpuSeconds: (cpu.user + cpu.system) / 1e6,
    },
    statements,
    readOnly: { seconds: readMs / 1000, perSecond: (count / readMs) * 1000 },
    copy: { seconds: copyMs / 1000, perSecond: copyPerSecond, bytes: rows.length },
    ratio: perSecond / copyPerSecond,
    goals: {
      perSecond: 2000,
      peakRssMb: 300,
      metPerSecond: perSecond >= 2000,
      metRss: mb(importPeak) <= 300,
    },
  };
  process.stdout.write(
    `${table(
      ["", "products", "seconds", "products/s", "peak RSS MB"],
      [
        [
          "import (end to end)",
          fmt(count),
          fmt(importMs / 1000, 1),
          fmt(perSecond),
          fmt(mb(importPeak)),
        ],
        ["raw COPY, same rows", fmt(count), fmt(copyMs / 1000, 2), fmt(copyPerSecond), "-"],
        [
          "read only (no store)",
          fmt(count),
          fmt(readMs / 1000, 1),
          fmt((count / readMs) * 1000),
          "-",
        ],
        ["ratio import/COPY", "", "", fmt(result.ratio, 3), ""],
      ],
    )}\n`,
  );
  log("SQL time per page of 100 (from the call to the answer, queueing included):");
  for (const st of statements) log(`  ${fmt(st.msPerPage, 1)} ms  ${st.calls} calls  ${st.sql}`);
  log(
    `Stored: ${JSON.stringify(counted[0])}; goals: >= 2,000 products/s ${result.goals.metPerSecond ? "met" : "NOT met"}, peak RSS <= 300 MB ${result.goals.metRss ? "met" : "NOT met"}`,
  );
  writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await boss.stop({ graceful: false, timeout: 2_000 }).catch(() => {});
  await pool.end();
  await store.stop();
  await server.cleanup();
}
