import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { migrate } from "@stoflow/db";
import { startAi } from "./ai/runtime.ts";
import { deriveKeys } from "./auth/keys.ts";
import { startCaches } from "./cache/caches.ts";
import { type Config, ConfigError } from "./config.ts";
import type { EngineContext } from "./context.ts";
import { type Database, openDatabase } from "./database.ts";
import { createApp } from "./http/app.ts";
import { createHttpServer } from "./http/http-server.ts";
import type { Logger } from "./logger.ts";
import { startPublishing } from "./pipeline/pipeline.ts";
import { configuredPorts } from "./pipeline/wiring.ts";
import { loadMasterKey } from "./vault/master-key.ts";
import { createVault } from "./vault/vault.ts";

/** A started engine; the worker role serves no HTTP (`url` is empty, `port` 0). */
export interface RunningEngine {
  url: string;
  port: number;
  database: Database;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`Port ${port} is already in use; set PORT to a free port.`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
}

export type EngineRole = "api" | "worker" | "all";

async function serve(ctx: EngineContext, role: EngineRole): Promise<Server | undefined> {
  const { config, log, database } = ctx;
  const migrated = await migrate(database.pool, {
    concurrency: config.migrationConcurrency,
    onProgress: (p) => {
      if (p.tenantsDone % 100 === 0) log.info(p, "Migrating tenant schemas");
    },
  });
  log.info(migrated, "Database schema up to date");
  await ctx.vault.assertMasterKey();
  const vintedUrl = config.vintedUrl;
  const ports = configuredPorts(ctx);
  if (vintedUrl) log.warn({ vintedUrl }, "Vinted calls go to the sandbox, not to Vinted");
  ctx.publishing = await startPublishing(ctx, ports, { workers: role !== "api" });
  ctx.ai = await startAi(ctx, ctx.publishing.pipeline.boss, { workers: role !== "api" });
  if (role === "worker") return undefined; // the worker role runs jobs only, no HTTP
  if (config.listCacheMb > 0) {
    ctx.caches = await startCaches(database.pool, config.listCacheMb * 2 ** 20, log);
  }
  const server = createHttpServer(createApp(ctx));
  await listen(server, config.port, config.host);
  return server;
}

/** Database (embedded or external), migrations, then the HTTP server. */
export async function startEngine(
  config: Config,
  log: Logger,
  options: { role?: EngineRole } = {},
): Promise<RunningEngine> {
  const masterKey = loadMasterKey(config, log);
  const keys = deriveKeys(masterKey);
  const database = await openDatabase(config, log);
  const role = options.role ?? "all";
  const ctx: EngineContext = {
    config,
    log,
    database,
    keys,
    vault: createVault(database.db, masterKey),
  };
  let server: Server | undefined;
  try {
    server = await serve(ctx, role);
  } catch (error) {
    await ctx.publishing?.stop();
    await ctx.caches?.close();
    await database.close();
    throw error;
  }
  const port = server ? (server.address() as AddressInfo).port : 0;
  const url = server ? `http://localhost:${port}` : "";
  log.info(
    { url, role, database: database.embedded ? "embedded" : "external" },
    "Stoflow is running",
  );
  return {
    url,
    port,
    database,
    async close() {
      if (server) {
        const http = server;
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        const force = setTimeout(() => http.closeAllConnections(), 5_000);
        await closed;
        clearTimeout(force);
      }
      // Running jobs finish (or are released to expire and run elsewhere) before the pool closes.
      await ctx.publishing?.stop();
      await ctx.caches?.close();
      await database.close();
    },
  };
}
