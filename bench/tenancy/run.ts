// Tenancy benchmark: provisioning time per tenant, tenant migrations over every schema,
// peak memory. `npm run bench:tenancy -- --tenants 1000 --concurrency 2,4,8`
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type pg from "pg";
import {
  createPool,
  defaultDirs,
  loadMigrations,
  migrate,
  provisionTenant,
} from "../../db/src/index.ts";
import { sampleTreePeak } from "../lib/proc-memory.ts";
import { startBenchServer } from "../lib/server.ts";
import { summarise } from "../lib/stats.ts";
import { migrationSetWithColumns } from "./migration-set.ts";
import { type MigrationRun, machineInfo, printReport, type Results } from "./report.ts";

const { values } = parseArgs({
  options: {
    tenants: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "2,4,8" },
  },
});
const tenants = Number(values.tenants);
const levels = values.concurrency.split(",").map(Number);
if (
  !Number.isInteger(tenants) ||
  tenants < 1 ||
  !levels.every((c) => Number.isInteger(c) && c > 0)
) {
  throw new Error("Usage: run.ts [--tenants N] [--concurrency 2,4,8]");
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const every = Math.max(1, Math.min(100, Math.ceil(tenants / 10)));

async function provisionAll(pool: pg.Pool): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 1; i <= tenants; i++) {
    const start = performance.now();
    await provisionTenant(pool, { name: `bench tenant ${i}` });
    durations.push(performance.now() - start);
    if (i % every === 0 || i === tenants) {
      const recent = summarise(durations.slice(-every));
      log(`  provisioned ${i}/${tenants}: last ${every} median ${recent.median.toFixed(1)} ms`);
    }
  }
  return durations;
}

async function timeMigrate(url: string, concurrency: number, tenantDir: string, label: string) {
  const poolSize = concurrency + 2; // + the runner's lock connection, + slack
  const pool = createPool(url, { max: poolSize, applicationName: "stoflow-bench" });
  try {
    const start = performance.now();
    const result = await migrate(pool, {
      concurrency,
      tenantDir,
      onProgress: (p) => {
        if (p.tenantsDone % every === 0 || p.tenantsDone === p.tenantsTotal) {
          log(`  ${label}: ${p.tenantsDone}/${p.tenantsTotal} schemas`);
        }
      },
    });
    const seconds = (performance.now() - start) / 1000;
    return {
      concurrency,
      poolSize,
      schemas: result.tenantsTotal,
      applied: result.migrationsApplied,
      runnerReported: result.migrationsApplied,
      seconds,
    };
  } finally {
    await pool.end();
  }
}

async function columnCount(pool: pg.Pool, column: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_attribute WHERE attname = $1 AND NOT attisdropped",
    [column],
  );
  return rows[0]?.n ?? 0;
}

/** Memory held by this connection's backend (the one that provisioned every tenant). */
async function backendMemory(pool: pg.Pool) {
  const { rows } = await pool.query<{ total: string; cache: string }>(
    `SELECT sum(total_bytes) AS total,
            sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext'
              OR path @> (SELECT path FROM pg_backend_memory_contexts
                          WHERE name = 'CacheMemoryContext')) AS cache
       FROM pg_backend_memory_contexts`,
  );
  return { totalBytes: Number(rows[0]?.total), catalogCacheBytes: Number(rows[0]?.cache) };
}

function gitCommit(): string {
  try {
    const run = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    return `${run("rev-parse", "--short", "HEAD")}${run("status", "--porcelain", "db") ? " + uncommitted db/ changes" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

async function main(): Promise<void> {
  const server = await startBenchServer(log);
  const scratch = mkdtempSync(join(tmpdir(), "stoflow-bench-migrations-"));
  let pool: pg.Pool | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping PostgreSQL and removing temp data`);
    // Connections in use die with the server; their errors are expected now.
    process.on("uncaughtException", () => {}).on("unhandledRejection", () => {});
    void Promise.allSettled([server.cleanup()]).finally(() => {
      rmSync(scratch, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    // One connection, so one backend provisions every tenant (see backendMemory).
    pool = createPool(server.url, { max: 1, applicationName: "stoflow-bench" });
    const { rows } = await pool.query<{ server_version: string }>("SHOW server_version");
    const postgresVersion = rows[0]?.server_version ?? "unknown";
    log(`PostgreSQL ${postgresVersion} (${server.embedded ? "embedded" : "DATABASE_URL"})`);
    await migrate(pool); // control plane
    const pgMemory = server.postmasterPid ? sampleTreePeak(server.postmasterPid) : undefined;

    log(`Provisioning ${tenants} tenants sequentially`);
    const durations = await provisionAll(pool);
    const provisioningBackend = await backendMemory(pool);

    const migrations: MigrationRun[] = [];
    const columns: string[] = [];
    let tenantDir = defaultDirs.tenant;
    for (const concurrency of levels) {
      const column = `bench_extra_${columns.length + 1}`;
      columns.push(column);
      // One folder per run: loadMigrations caches by folder, and each run adds one column.
      tenantDir = migrationSetWithColumns(defaultDirs.tenant, join(scratch, column), columns);
      log(`Migrating ${tenants} schemas (ADD COLUMN ${column}), concurrency ${concurrency}`);
      const run = await timeMigrate(server.url, concurrency, tenantDir, `c=${concurrency}`);
      const migrated = await columnCount(pool, column);
      if (migrated !== tenants) throw new Error(`${column}: in ${migrated} of ${tenants} schemas`);
      // Counted from the catalog: migrate()'s own count lost updates before a013db3.
      migrations.push({ ...run, applied: migrated, kind: `ADD COLUMN ${column}` });
    }
    const noopConcurrency = levels.at(-1) ?? 4;
    log(`Re-running with nothing pending, concurrency ${noopConcurrency}`);
    const noop = await timeMigrate(server.url, noopConcurrency, tenantDir, "no-op");
    migrations.push({ ...noop, kind: "nothing pending" });

    const results: Results = {
      date: new Date().toISOString(),
      command: `npm run bench:tenancy -- --tenants ${tenants} --concurrency ${levels.join(",")}`,
      code: {
        commit: gitCommit(),
        tenantMigrations: loadMigrations(defaultDirs.tenant).map((m) => m.tag),
      },
      machine: {
        ...machineInfo(),
        postgresVersion,
        postgresSource: server.embedded ? "embedded" : "DATABASE_URL",
      },
      provisioning: {
        ...summarise(durations),
        firstMedian: summarise(durations.slice(0, every)).median,
        lastMedian: summarise(durations.slice(-every)).median,
        window: every,
        durationsMs: durations.map((d) => Math.round(d * 100) / 100),
      },
      migrations,
      memory: {
        benchPeakRssBytes: process.resourceUsage().maxRSS * 1024,
        postgres: pgMemory?.stop(),
        provisioningBackend,
      },
    };
    printReport(results);
    const out = join(import.meta.dirname, "results.json");
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`Wrote ${out}`);
  } finally {
    await pool?.end().catch(() => {});
    await server.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
