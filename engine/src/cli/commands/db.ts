import { migrate } from "@stoflow/db";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../database.ts";
import { createLogger } from "../../logger.ts";
import { reportError } from "../run-command.ts";

async function runMigrate(): Promise<void> {
  try {
    const config = loadConfig();
    const database = await openDatabase(config, createLogger(config, 2));
    try {
      const result = await migrate(database.pool, {
        concurrency: config.migrationConcurrency,
        onProgress: (p) =>
          process.stderr.write(`\rTenant schemas: ${p.tenantsDone}/${p.tenantsTotal}`),
      });
      if (result.tenantsTotal > 0) process.stderr.write("\n");
      process.stdout.write(
        `Control plane: ${result.controlApplied} migration(s) applied. ` +
          `Tenants: ${result.tenantsDone}/${result.tenantsTotal} up to date, ` +
          `${result.migrationsApplied} migration(s) applied.\n`,
      );
    } finally {
      await database.close();
    }
  } catch (error) {
    reportError(error);
  }
}

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("Database administration");
  db.command("migrate")
    .description("Apply pending migrations to the control plane and every tenant schema")
    .action(runMigrate);
}
