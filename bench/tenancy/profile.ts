// Where provisioning time goes: the statements of provisionTenant() replayed one by one
// (the tenant migration split at drizzle-kit's breakpoints), with the backend's CPU time.
// Run it as `node bench/tenancy/profile.ts [--tenants 300]` (the ledger bookkeeping is left out).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createPool, defaultDirs, loadMigrations, migrate } from "../../db/src/index.ts";
import { startBenchServer } from "../lib/server.ts";
import { summarise } from "../lib/stats.ts";
import { table } from "../lib/table.ts";

const { values } = parseArgs({ options: { tenants: { type: "string", default: "300" } } });
const tenants = Number(values.tenants);
const statements = loadMigrations(defaultDirs.tenant).flatMap((m) =>
  m.sql.split("--> statement-breakpoint").filter((sql) => sql.trim() !== ""),
);
const kind = (sql: string) => {
  const text = sql.replace(/^\s*(--.*\n\s*)*/, "");
  if (/FOREIGN KEY/.test(text)) return "ALTER TABLE ADD FOREIGN KEY";
  if (/USING gin/.test(text)) return "CREATE INDEX (gin trigram)";
  return /^(\w+ \w+)/.exec(text)?.[1] ?? "?";
};
const cpuTicks = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
};

const server = await startBenchServer(() => {});
const pool = createPool(server.url, { max: 1 });
try {
  await migrate(pool);
  const client = await pool.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const pid = rows[0]?.pid ?? 0;
  const times = new Map<string, number[]>();
  const time = async (label: string, sql: string, params?: unknown[]) => {
    const start = performance.now();
    await client.query(sql, params);
    const list = times.get(label) ?? [];
    list.push(performance.now() - start);
    times.set(label, list);
  };
  const cpuStart = cpuTicks(pid);
  const wallStart = performance.now();
  const lsn = async () =>
    Number((await client.query("SELECT pg_current_wal_lsn() - '0/0' AS b")).rows[0].b);
  const windows: string[][] = [];
  let mark = { wall: wallStart, cpu: cpuStart, wal: await lsn() };
  for (let i = 1; i <= tenants; i++) {
    const perTenant = new Map<string, number>();
    await time("BEGIN", "BEGIN");
    await time(
      "advisory lock",
      "SELECT pg_advisory_xact_lock_shared(hashtext('stoflow.schema-changes'))",
    );
    const inserted = await client.query("INSERT INTO tenants (name) VALUES ($1) RETURNING id", [
      `p${i}`,
    ]);
    const schema = `tenant_${inserted.rows[0].id}`;
    await time("CREATE SCHEMA", `CREATE SCHEMA "${schema}"`);
    await client.query("SELECT set_config('search_path', $1, true)", [`"${schema}"`]);
    for (const sql of statements) {
      const start = performance.now();
      await client.query(sql);
      const k = kind(sql);
      perTenant.set(k, (perTenant.get(k) ?? 0) + performance.now() - start);
    }
    for (const [k, ms] of perTenant)
      times.set(`migration: ${k} (sum)`, [...(times.get(`migration: ${k} (sum)`) ?? []), ms]);
    await time("COMMIT", "COMMIT");
    if (i % 50 === 0) {
      const now = { wall: performance.now(), cpu: cpuTicks(pid), wal: await lsn() };
      windows.push([
        `${i - 49}-${i}`,
        ((now.wall - mark.wall) / 50).toFixed(1),
        (((now.cpu - mark.cpu) * 10) / 50).toFixed(1),
        ((now.wal - mark.wal) / 50 / 1024).toFixed(0),
      ]);
      mark = now;
    }
  }
  const wall = performance.now() - wallStart;
  const cpu = (cpuTicks(pid) - cpuStart) * 10;
  client.release();
  const rowsOut = [...times].map(([label, list]) => {
    const s = summarise(list);
    return [label, s.median.toFixed(2), s.p95.toFixed(2), (s.total / tenants).toFixed(2)];
  });
  console.log(`${tenants} tenants, ${statements.length} migration statements each`);
  console.log(table(["statement", "median ms", "p95 ms", "mean ms"], rowsOut));
  console.log(
    table(["tenants", "wall ms/tenant", "backend CPU ms/tenant", "WAL KiB/tenant"], windows),
  );
  console.log(
    `wall ${(wall / tenants).toFixed(1)} ms/tenant, backend CPU ${(cpu / tenants).toFixed(1)} ms/tenant`,
  );
} finally {
  await pool.end();
  await server.cleanup();
}
