import { readFileSync } from "node:fs";
import os from "node:os";
import type { TreeMemory } from "../lib/proc-memory.ts";
import type { Summary } from "../lib/stats.ts";
import { table } from "../lib/table.ts";

export interface MigrationRun {
  kind: string;
  concurrency: number;
  poolSize: number;
  schemas: number;
  /** Migrations really applied (ADD COLUMN runs: counted from pg_attribute). */
  applied: number;
  /** What migrate() returned as migrationsApplied. */
  runnerReported: number;
  seconds: number;
}

export interface Results {
  date: string;
  command: string;
  code: { commit: string; tenantMigrations: string[] };
  machine: ReturnType<typeof machineInfo> & { postgresVersion: string; postgresSource: string };
  /** Milliseconds; firstMedian/lastMedian are over the first and last `window` tenants. */
  provisioning: Summary & {
    firstMedian: number;
    lastMedian: number;
    window: number;
    durationsMs: number[];
  };
  migrations: MigrationRun[];
  memory: {
    benchPeakRssBytes: number;
    postgres: TreeMemory | undefined;
    /** pg_backend_memory_contexts of the one backend that provisioned every tenant. */
    provisioningBackend: { totalBytes: number; catalogCacheBytes: number };
  };
}

const GOAL_PROVISION_MS = 100;
const GOAL_MIGRATE_1000_S = 60;

function osName(): string {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] ?? os.type();
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? "unknown",
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    os: osName(),
    kernel: os.release(),
    node: process.version,
  };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function printReport(r: Results): void {
  const m = r.machine;
  const p = r.provisioning;
  const out: string[] = [
    "",
    `Tenancy benchmark, ${r.date}`,
    `Code ${r.code.commit}, tenant migrations ${r.code.tenantMigrations.join(", ")}`,
    `${m.cpuCount} x ${m.cpuModel}, ${mib(m.totalMemoryBytes)} RAM, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgresVersion} (${m.postgresSource})`,
    "",
    `Provisioning, ${p.count} tenants one after another (CREATE SCHEMA + tenant migrations, one transaction each)`,
    table(
      ["metric", "value"],
      [
        ["median", ms(p.median)],
        ["p95", ms(p.p95)],
        ["p99", ms(p.p99)],
        ["max", ms(p.max)],
        ["min", ms(p.min)],
        ["mean", ms(p.mean)],
        [`median, first ${p.window}`, ms(p.firstMedian)],
        [`median, last ${p.window}`, ms(p.lastMedian)],
        ["total", `${(p.total / 1000).toFixed(1)} s`],
      ],
    ),
    "",
    "Tenant migrations over every schema (migrate(), one transaction per schema)",
    table(
      [
        "run",
        "concurrency",
        "pool",
        "schemas",
        "applied",
        "migrate() said",
        "seconds",
        "schemas/s",
      ],
      r.migrations.map((run) => [
        run.kind,
        String(run.concurrency),
        String(run.poolSize),
        String(run.schemas),
        String(run.applied),
        String(run.runnerReported),
        run.seconds.toFixed(2),
        (run.schemas / run.seconds).toFixed(0),
      ]),
    ),
    "",
    "Peak memory",
    table(["what", "value"], memoryRows(r)),
    "",
    "Goals",
    table(["goal", "measured", "met"], goalRows(r)),
    "",
  ];
  process.stdout.write(out.join("\n"));
}

function memoryRows(r: Results): string[][] {
  const backend = r.memory.provisioningBackend;
  const rows = [
    ["benchmark process, peak RSS (maxRSS)", mib(r.memory.benchPeakRssBytes)],
    ["PostgreSQL backend that provisioned all, memory contexts", mib(backend.totalBytes)],
    ["  of which catalog caches (CacheMemoryContext)", mib(backend.catalogCacheBytes)],
  ];
  const pg = r.memory.postgres;
  if (!pg) return [...rows, ["PostgreSQL server", "not measured (DATABASE_URL)"]];
  return [
    ...rows,
    ["PostgreSQL, peak sum of Pss (shared pages split)", mib(pg.pss)],
    ["PostgreSQL, peak sum of VmRSS (shared counted per process)", mib(pg.rss)],
    ["PostgreSQL, peak sum of VmHWM (same double counting)", mib(pg.hwm)],
    ["PostgreSQL, most processes seen at once", String(pg.processes)],
  ];
}

function goalRows(r: Results): string[][] {
  const yes = (ok: boolean) => (ok ? "yes" : "NO");
  const rows = [
    [
      `provisioning median <= ${GOAL_PROVISION_MS} ms`,
      ms(r.provisioning.median),
      yes(r.provisioning.median <= GOAL_PROVISION_MS),
    ],
  ];
  for (const run of r.migrations.filter((x) => x.applied > 0)) {
    const per1000 = (run.seconds / run.schemas) * 1000;
    const scaled = run.schemas === 1000 ? "" : " (scaled to 1,000)";
    rows.push([
      `1,000 schemas migrated <= ${GOAL_MIGRATE_1000_S} s, concurrency ${run.concurrency}`,
      `${per1000.toFixed(1)} s${scaled}`,
      yes(per1000 <= GOAL_MIGRATE_1000_S),
    ]);
  }
  return rows;
}
