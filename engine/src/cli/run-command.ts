import { migrate } from "@stoflow/db";
import { ConfigError, loadConfig } from "../config.ts";
import { type Database, openDatabase } from "../database.ts";
import { createLogger, type Logger } from "../logger.ts";

const READABLE = new Set(["invalid_tenant_id", "tenant_not_found"]);

/** Prints what went wrong in a sentence; the stack only with LOG_LEVEL=debug. */
export function reportError(error: unknown): void {
  const e = error as Error & { kind?: string };
  const readable = e instanceof ConfigError || (e.kind !== undefined && READABLE.has(e.kind));
  process.stderr.write(`stoflow: ${e.message ?? String(error)}\n`);
  if (!readable && process.env.LOG_LEVEL === "debug" && e.stack) {
    process.stderr.write(`${e.stack}\n`);
  }
  process.exitCode = 1;
}

/**
 * Runs a one-shot command against the database (starting the embedded server when needed),
 * with the schema brought up to date first, and always closes what it opened.
 */
export async function withDatabase(
  fn: (db: Database, log: Logger) => Promise<void>,
): Promise<void> {
  try {
    const config = loadConfig();
    const log = createLogger(config, 2);
    const database = await openDatabase(config, log);
    try {
      await migrate(database.pool, { concurrency: config.migrationConcurrency });
      await fn(database, log);
    } finally {
      await database.close();
    }
  } catch (error) {
    reportError(error);
  }
}
