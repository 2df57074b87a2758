import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../db/src/index.ts";

export interface BenchServer {
  /** URL of a database created for this run only. */
  url: string;
  embedded: boolean;
  /** Postmaster pid when the server runs on this machine under our control. */
  postmasterPid?: number;
  /** Drops the database (DATABASE_URL) or stops the server and deletes its data. Idempotent. */
  cleanup(): Promise<void>;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL when set (a fresh database on it), else an embedded server in a temp dir. */
export async function startBenchServer(log: (line: string) => void): Promise<BenchServer> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `bench_${randomBytes(6).toString("hex")}`;
    await adminQuery(external, `CREATE DATABASE ${name}`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    let done = false;
    return {
      url: url.toString(),
      embedded: false,
      cleanup: async () => {
        if (done) return;
        done = true;
        await adminQuery(external, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-bench-pg-"));
  chmodSync(dataDir, 0o755); // as root, postgres runs as user `postgres` and must reach it
  const pgdataDir = join(dataDir, "pgdata");
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let done = false;
  const cleanup = async () => {
    if (done) return;
    done = true;
    try {
      await server?.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    server = await startEmbeddedPostgres({ dataDir, pgdataDir, database: "bench", log });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const pid = Number(readFileSync(join(pgdataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url: server.url, embedded: true, postmasterPid: pid, cleanup };
}
