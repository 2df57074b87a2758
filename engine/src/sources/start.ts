// The sources on the engine's job queue: queues always (the API role sends imports), workers
// in the worker role. Called from startPublishing, so every way the engine starts runs them.
import type { PgBoss } from "pg-boss";
import type { Config } from "../config.ts";
import type { Database } from "../database.ts";
import type { Requester } from "../listings/requests.ts";
import type { Logger } from "../logger.ts";
import type { Vault } from "../vault/vault.ts";
import { importDeps } from "./deps.ts";
import { DEFAULT_SYNC_CRON, ensureSourceQueues, startSourceWorkers } from "./jobs.ts";

export async function startSources(
  ctx: { config: Config; database: Database; log: Logger; vault: Vault },
  boss: PgBoss,
  requester: Requester,
  options: { workers: boolean; periodicSync: boolean; pollingIntervalSeconds?: number },
): Promise<void> {
  await ensureSourceQueues(boss);
  if (!options.workers) return;
  await startSourceWorkers(boss, importDeps(ctx, requester), {
    syncCron: options.periodicSync ? DEFAULT_SYNC_CRON : "",
    pollingIntervalSeconds: options.pollingIntervalSeconds,
  });
}
