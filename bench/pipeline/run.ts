// Pipeline benchmark: publishes per second end to end through the pipeline against the Vinted
// sandbox (pacing off), and raw pg-boss send → work → complete of empty jobs on the same
// database with the same worker options, in the same run.
// Usage: npm run bench:pipeline [-- --listings N --shops S --rounds R --photos P --photo-kb K
//        --enqueue-concurrency C --batch-size B --concurrency C --worker-processes W --polling-seconds S --window-seconds W]
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { DEFAULT_SETTINGS } from "../../engine/src/pipeline/settings.ts";
import { startBenchServer } from "../lib/server.ts";
import { percentile } from "../lib/stats.ts";
import { table } from "../lib/table.ts";
import { type Child, startChild } from "./child.ts";
import { measureHttpFloor } from "./floor.ts";
import { measurePipeline, measureRawBoss, type RunResult, startWorkerProcess } from "./measure.ts";
import { cpuMeter, installQueryProfiler, loadAverage, type StatementStats } from "./profile.ts";
import { createShop, engineParts, type Shop, seedProducts, storePhotos } from "./world.ts";

const { values: args } = parseArgs({
  options: {
    listings: { type: "string", default: "2000" },
    shops: { type: "string", default: "10" },
    rounds: { type: "string", default: "1" },
    photos: { type: "string", default: "1" },
    "photo-kb": { type: "string", default: "40" },
    "enqueue-concurrency": { type: "string", default: "8" },
    /** Products per publish request of the bulk run (the single run always sends 1). */
    "bulk-size": { type: "string", default: "25" },
    "batch-size": { type: "string" },
    "polling-seconds": { type: "string" },
    concurrency: { type: "string" },
    /** Engine worker processes (`stoflow start --role worker`); 0 runs the workers in this one. */
    "worker-processes": { type: "string", default: "0" },
    "window-seconds": { type: "string", default: "60" },
    "pool-size": { type: "string", default: "20" },
    "skip-raw": { type: "boolean", default: false },
    "skip-floor": { type: "boolean", default: false },
    /** Which publish paths to run: single, bulk or both (comma-separated). */
    paths: { type: "string", default: "single,bulk" },
  },
});
const n = (name: keyof typeof args) => Number(args[name]);
const log = (line: string) => process.stderr.write(`${line}\n`);
const settings = {
  ...(args["batch-size"] ? { batchSize: n("batch-size") } : {}),
  ...(args["polling-seconds"] ? { pollingIntervalSeconds: n("polling-seconds") } : {}),
  ...(args.concurrency ? { concurrency: n("concurrency") } : {}),
};
const enqueueConcurrency = n("enqueue-concurrency");

installQueryProfiler();
const server = await startBenchServer(() => {});
const sandbox = await startChild("bench/pipeline/sandbox-child.ts");
const parts = await engineParts(server.url, n("pool-size"));
let workerProcesses: Child[] = [];
const fmt = (v: number, digits = 0) =>
  v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function describe(label: string, r: RunResult, cpu: Record<string, number>) {
  return {
    label,
    count: r.count,
    seconds: r.ms / 1000,
    perSecond: r.perSecond,
    enqueueSeconds: r.enqueueMs / 1000,
    latencyMs: {
      p50: percentile(r.latencies, 50),
      p95: percentile(r.latencies, 95),
      max: r.latencies.at(-1) ?? Number.NaN,
    },
    failed: r.failed,
    cpuMsPerJob: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / r.count])),
    load: loadAverage(),
  };
}

function topStatements(stats: Map<string, StatementStats>, count: number, limit = 18) {
  return [...stats.entries()]
    .map(([sql, s]) => ({
      sql,
      perJob: s.calls / count,
      msPerJob: s.ms / count,
      avgMs: s.ms / s.calls,
    }))
    .sort((a, b) => b.msPerJob - a.msPerJob)
    .slice(0, limit);
}

try {
  const shopCount = n("shops");
  const total = n("listings");
  log(`Shops: ${shopCount}, listings per round: ${total}, rounds: ${args.rounds}`);
  const shops: Shop[] = [];
  for (let i = 0; i < shopCount; i++)
    shops.push(
      await createShop(parts, sandbox.ready, i, {
        maxActions: 1_000_000,
        windowSeconds: n("window-seconds"),
      }),
    );
  const photoKeys = await storePhotos(parts, n("photos"), n("photo-kb") * 1024);
  workerProcesses = await Promise.all(
    Array.from({ length: n("worker-processes") }, () =>
      startWorkerProcess(parts, server.url, sandbox.ready, { ...DEFAULT_SETTINGS, ...settings }),
    ),
  );
  const workerPids = workerProcesses.map((w) => w.process.pid as number);
  const meter = (tree: boolean) =>
    cpuMeter([
      {
        name: workerPids.length ? "bench process (enqueue)" : "bench process (enqueue + workers)",
        pid: process.pid,
      },
      ...(workerPids.length
        ? [{ name: `worker processes (${workerPids.length})`, pids: workerPids }]
        : []),
      { name: "sandbox process", pid: sandbox.process.pid as number },
      ...(server.postmasterPid
        ? [{ name: "PostgreSQL (all processes)", pid: server.postmasterPid, tree }]
        : []),
    ]);

  /** `total` new products across the shops, interleaved as with many sellers publishing. */
  const seedTargets = async (batch: string) => {
    log(`Seeding ${total} products (${batch})...`);
    const perShop = await Promise.all(
      shops.map((shop, i) =>
        seedProducts(
          parts,
          shop.tenantId,
          Math.floor(total / shopCount) + (i < total % shopCount ? 1 : 0),
          photoKeys,
          batch,
        ),
      ),
    );
    const targets: { shop: (typeof shops)[number]; productId: string }[] = [];
    for (let i = 0; targets.length < total; i++)
      for (const [s, ids] of perShop.entries()) {
        const productId = ids[i];
        if (productId) targets.push({ shop: shops[s] as (typeof shops)[number], productId });
      }
    return targets;
  };

  const runs: ReturnType<typeof describe>[] = [];
  let lastPipeline: RunResult | undefined;
  let lastRaw: RunResult | undefined;
  for (let round = 1; round <= n("rounds"); round++) {
    const targets = await seedTargets(`R${round}`);
    if (!args["skip-raw"]) {
      log(`Round ${round}: raw pg-boss, ${total} empty jobs...`);
      const cpu = meter(true);
      lastRaw = await measureRawBoss(server.url, total, { enqueueConcurrency, settings });
      runs.push(describe(`raw pg-boss #${round}`, lastRaw, cpu()));
    }
    if (!args["skip-floor"]) {
      log(`Round ${round}: HTTP floor, ${total} channel publishes without the pipeline...`);
      const cpu = meter(true);
      // As many calls in flight as one worker batch has.
      const concurrency = settings.batchSize ?? DEFAULT_SETTINGS.batchSize;
      const floor = await measureHttpFloor(parts, sandbox.ready, targets, concurrency);
      runs.push(describe(`HTTP floor #${round}`, floor, cpu()));
    }
    const paths = (args.paths ?? "").split(",");
    for (const [kind, enqueueBatch] of [
      ["single", 1],
      ["bulk", n("bulk-size")],
    ] as const) {
      if (!paths.includes(kind)) continue;
      log(`Round ${round}: pipeline, ${total} publishes (${kind} publish requests)...`);
      // Products of their own: the single run's are published already.
      const published = kind === "bulk" ? await seedTargets(`R${round}B`) : targets;
      lastPipeline = await measurePipeline(parts, server.url, sandbox.ready, published, {
        enqueueConcurrency,
        enqueueBatch,
        settings,
        workerProcesses,
        meter: () => meter(true),
      });
      runs.push(describe(`pipeline ${kind} #${round}`, lastPipeline, lastPipeline.cpuMs ?? {}));
    }
  }

  console.log(
    table(
      ["run", "jobs", "seconds", "per second", "enqueue s", "p50 ms", "p95 ms", "failed", "load"],
      runs.map((r) => [
        r.label,
        fmt(r.count),
        fmt(r.seconds, 2),
        fmt(r.perSecond),
        fmt(r.enqueueSeconds, 2),
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p95),
        String(r.failed),
        r.load,
      ]),
    ),
  );
  const pipe = runs.filter((r) => r.label.startsWith("pipeline"));
  const raw = runs.filter((r) => r.label.startsWith("raw"));
  const floors = runs.filter((r) => r.label.startsWith("HTTP floor"));
  const best = (rs: typeof runs) => Math.max(...rs.map((r) => r.perSecond));
  const ratio = raw.length ? best(pipe) / best(raw) : Number.NaN;
  console.log(
    `\nbest pipeline: ${fmt(best(pipe))} publishes/s (goal >= 500); best raw pg-boss: ${
      raw.length ? fmt(best(raw)) : "-"
    } jobs/s; ratio ${fmt(ratio, 2)} (goal >= 0.5)${
      floors.length ? `; HTTP floor (the two Vinted calls alone): ${fmt(best(floors))}/s` : ""
    }`,
  );
  for (const r of runs.slice(-4)) {
    console.log(`\nCPU ms per job, ${r.label}:`);
    for (const [k, v] of Object.entries(r.cpuMsPerJob)) console.log(`  ${k}: ${fmt(v, 2)}`);
  }
  if (lastPipeline) {
    console.log("\nPipeline: timed ports and sandbox calls, per publish:");
    console.log(
      table(
        ["what", "calls/publish", "ms/publish", "avg ms"],
        Object.entries(lastPipeline.ports).map(([k, s]) => [
          k,
          fmt(s.calls / lastPipeline.count, 2),
          fmt(s.ms / lastPipeline.count, 2),
          fmt(s.ms / s.calls, 2),
        ]),
      ),
    );
    const stmts = topStatements(lastPipeline.statements, lastPipeline.count);
    const calls = [...lastPipeline.statements.values()].reduce((a, s) => a + s.calls, 0);
    console.log(
      `\nPipeline: SQL statements (${fmt(calls / lastPipeline.count, 1)} per publish in all), by time:`,
    );
    console.log(
      table(
        ["statement", "per publish", "ms/publish", "avg ms"],
        stmts.map((s) => [s.sql, fmt(s.perJob, 2), fmt(s.msPerJob, 2), fmt(s.avgMs, 2)]),
      ),
    );
  }
  if (lastRaw) {
    const calls = [...lastRaw.statements.values()].reduce((a, s) => a + s.calls, 0);
    console.log(`\nRaw pg-boss: SQL statements (${fmt(calls / lastRaw.count, 2)} per job):`);
    console.log(
      table(
        ["statement", "per job", "ms/job", "avg ms"],
        topStatements(lastRaw.statements, lastRaw.count, 8).map((s) => [
          s.sql,
          fmt(s.perJob, 3),
          fmt(s.msPerJob, 2),
          fmt(s.avgMs, 2),
        ]),
      ),
    );
  }
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: totalmem() / 2 ** 30 },
    node: process.version,
    settings: { ...args, database: server.embedded ? "embedded" : "external" },
    runs,
    ratio,
    goals: { perSecondMet: best(pipe) >= 500, ratioMet: ratio >= 0.5 },
    pipelineStatements: lastPipeline
      ? topStatements(lastPipeline.statements, lastPipeline.count, 40)
      : [],
    pipelinePorts: lastPipeline?.ports,
    rawStatements: lastRaw ? topStatements(lastRaw.statements, lastRaw.count, 20) : [],
  };
  writeFileSync(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await Promise.all(workerProcesses.map((w) => w.stop()));
  await parts.close().catch(() => {});
  await sandbox.stop();
  await server.cleanup();
}
