import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { migrate } from "@stoflow/db";
import { deriveKeys } from "./auth/keys.ts";
import { type Config, ConfigError } from "./config.ts";
import type { EngineContext } from "./context.ts";
import { type Database, openDatabase } from "./database.ts";
import { createApp } from "./http/app.ts";
import { createHttpServer } from "./http/http-server.ts";
import type { Logger } from "./logger.ts";
import { loadMasterKey } from "./vault/master-key.ts";
import { createVault } from "./vault/vault.ts";

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

async function serve(ctx: EngineContext): Promise<Server> {
  const { config, log, database } = ctx;
  const migrated = await migrate(database.pool, {
    concurrency: config.migrationConcurrency,
    onProgress: (p) => {
      if (p.tenantsDone % 100 === 0) log.info(p, "Migrating tenant schemas");
    },
  });
  log.info(migrated, "Database schema up to date");
  await ctx.vault.assertMasterKey();
  const server = createHttpServer(createApp(ctx));
  await listen(server, config.port, config.host);
  return server;
}

/** Database (embedded or external), migrations, then the HTTP server. */
export async function startEngine(config: Config, log: Logger): Promise<RunningEngine> {
  const masterKey = loadMasterKey(config, log);
  const keys = deriveKeys(masterKey);
  const database = await openDatabase(config, log);
  let server: Server;
  try {
    server = await serve({
      config,
      log,
      database,
      keys,
      vault: createVault(database.db, masterKey),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  log.info({ url, database: database.embedded ? "embedded" : "external" }, "Stoflow is running");
  return {
    url,
    port,
    database,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
      await database.close();
    },
  };
}
