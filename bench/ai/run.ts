// AI benchmark: the business plan's scenario, 1,000 products written for Vinted, eBay and Etsy,
// through the engine's code against the OpenAI sandbox, once with the cache off and once with
// it. Reports model calls, cache hit rate, tokens and cost at the default model's list price,
// beside the business plan's estimate.
// Usage: npm run bench:ai [-- --products 1000 --shops 20 --concurrency 8]
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { migrate } from "@stoflow/db";
import pg from "pg";
import { fold } from "../../engine/src/ai/fold.ts";
import { DEFAULT_MODEL, priceOf } from "../../engine/src/ai/pricing.ts";
import { startOpenAiSandbox } from "../../engine/src/sandbox/openai/server.ts";
import { startBenchServer } from "../lib/server.ts";
import { table } from "../lib/table.ts";
import { generateCatalogue, SKEW } from "./catalogue.ts";
import { runScenario, type ScenarioResult } from "./scenario.ts";

const { values: args } = parseArgs({
  options: {
    products: { type: "string", default: "1000" },
    shops: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const products = Number(args.products);

// The business plan: 3 calls per product (one per platform), 90 $ for 1,000 products without a
// cache, 27 $ with it.
const PLAN = {
  calls: 3 * products,
  withoutCacheUsd: 0.09 * products,
  withCacheUsd: 0.027 * products,
};
const GOALS = {
  callsWithoutCache: products,
  callsWithCache: 0.4 * products,
  costUsd: 0.5 * (products / 1000),
};

const server = await startBenchServer(log);
const sandbox = await startOpenAiSandbox();
try {
  const pool = new pg.Pool({ connectionString: server.url, max: 2 });
  await migrate(pool);
  const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await pool.end();
  const catalogue = generateCatalogue(products);
  // For comparison: how many model calls a cache keyed on the exact attributes would make.
  const exactKeys = new Set(
    catalogue.map((p) =>
      [p.brand, p.category, p.colors.join(","), p.condition, p.size, p.material]
        .map(fold)
        .join("|"),
    ),
  ).size;
  log(`Distinct exact attribute sets: ${exactKeys}`);
  const results: ScenarioResult[] = [];
  for (const cache of [false, true]) {
    results.push(
      await runScenario({
        label: cache ? "with cache" : "without cache",
        url: server.url,
        sandbox,
        cache,
        catalogue,
        shops: Number(args.shops),
        concurrency: Number(args.concurrency),
        log,
      }),
    );
  }
  const money = (v: number) => `${v.toFixed(v < 1 ? 3 : 0)} $`;
  const rowsOut = results.map((r) => [
    r.label,
    String(r.modelCalls),
    `${((100 * r.cacheHits) / r.products).toFixed(1)} %`,
    r.promptTokens.toLocaleString("en-US"),
    r.completionTokens.toLocaleString("en-US"),
    money(r.costUsd),
    r.seconds.toFixed(1),
  ]);
  rowsOut.push(
    [
      "business plan, without cache",
      String(PLAN.calls),
      "-",
      "-",
      "-",
      money(PLAN.withoutCacheUsd),
      "-",
    ],
    ["business plan, with cache", "-", "70.0 %", "-", "-", money(PLAN.withCacheUsd), "-"],
  );
  const price = priceOf(DEFAULT_MODEL);
  process.stdout.write(
    `\nAI texts: ${products} products × 3 platforms, model ${DEFAULT_MODEL} at $${price?.input}/$${price?.output} per million tokens in/out\n\n`,
  );
  process.stdout.write(
    `${table(["scenario", "model calls", "cache hits", "prompt tokens", "completion tokens", "cost", "seconds"], rowsOut)}\n\n`,
  );
  process.stdout.write(
    `A cache keyed on the exact attributes would have made ${exactKeys} model calls.\n`,
  );
  const [without, withCache] = results as [ScenarioResult, ScenarioResult];
  const goals = {
    callsWithoutCache: {
      goal: GOALS.callsWithoutCache,
      value: without.modelCalls,
      met: without.modelCalls <= GOALS.callsWithoutCache,
    },
    callsWithCache: {
      goal: GOALS.callsWithCache,
      value: withCache.modelCalls,
      met: withCache.modelCalls <= GOALS.callsWithCache,
    },
    costUsd: {
      goal: GOALS.costUsd,
      value: withCache.costUsd,
      met: withCache.costUsd <= GOALS.costUsd,
    },
  };
  for (const [name, g] of Object.entries(goals))
    process.stdout.write(
      `goal ${name}: ${g.value} (goal ≤ ${g.goal}) ${g.met ? "met" : "NOT met"}\n`,
    );
  writeFileSync(
    new URL("results.json", import.meta.url),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          model: cpus()[0]?.model,
          memoryMiB: Math.round(totalmem() / 2 ** 20),
          node: process.version,
          postgres: rows[0]?.v,
          loadAverage: loadavg(),
        },
        model: DEFAULT_MODEL,
        price,
        skew: SKEW,
        exactAttributeSets: exactKeys,
        plan: PLAN,
        goals,
        results,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await sandbox.close();
  await server.cleanup();
}
