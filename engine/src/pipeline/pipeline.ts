// The pipeline as the engine runs it: pg-boss started on the engine's database, the queues,
// and (in the worker role) the workers. The API role only sends jobs.

import type { Db } from "@stoflow/db";
import type { PgBoss } from "pg-boss";
import type { Config } from "../config.ts";
import type { Database } from "../database.ts";
import { type ListingEventHub, listingEventHub } from "../listings/event-stream.ts";
import type { Requester } from "../listings/requests.ts";
import type { Logger } from "../logger.ts";
import { startSources } from "../sources/start.ts";
import type { Vault } from "../vault/vault.ts";
import { type Clock, systemClock } from "./clock.ts";
import type {
  ChannelRegistry,
  PayloadBatchBuilder,
  PayloadBuilder,
  SessionLoader,
} from "./ports.ts";
import { createBoss, ensureQueues } from "./queues.ts";
import type { ActionRuntime } from "./run-action.ts";
import { DEFAULT_SETTINGS, type PipelineSettings } from "./settings.ts";
import { startWorkers } from "./workers.ts";

export interface PipelineDeps {
  channels: ChannelRegistry;
  sessions: SessionLoader;
  payloads: PayloadBuilder;
  /** The workers' batch builder; without it they build a batch's payloads one by one. */
  payloadsMany?: PayloadBatchBuilder;
  clock?: Clock;
  settings?: Partial<PipelineSettings>;
}

export interface Pipeline {
  boss: PgBoss;
  runtime: ActionRuntime;
  /** Lets running jobs finish (up to `timeoutMs`), then stops; unfinished jobs are re-delivered after expiry. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startPipeline(
  options: { url: string; db: Db; log: Logger; workers: boolean },
  deps: PipelineDeps,
): Promise<Pipeline> {
  const settings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const log = options.log.child({ component: "pipeline" });
  const boss = createBoss(options.url, {
    jobExpirySeconds: settings.jobExpirySeconds,
    listen: options.workers,
  });
  boss.on("error", (error) => log.error({ err: error }, "Job queue error"));
  await boss.start();
  await ensureQueues(boss, settings);
  const runtime: ActionRuntime = {
    db: options.db,
    boss,
    log,
    clock: deps.clock ?? systemClock,
    settings,
    channels: deps.channels,
    sessions: deps.sessions,
    payloads: deps.payloads,
    payloadsMany: deps.payloadsMany,
  };
  if (options.workers) await startWorkers(boss, runtime);
  return {
    boss,
    runtime,
    stop: (timeoutMs = 30_000) => boss.stop({ graceful: true, timeout: timeoutMs }),
  };
}

/** What the API needs of the pipeline: queue requests, and hear transitions. */
export interface Publishing {
  requester: Requester;
  events: ListingEventHub;
  pipeline: Pipeline;
  stop(timeoutMs?: number): Promise<void>;
}

/** pg-boss on the engine's database; workers when the role runs them, the event hub always. */
export async function startPublishing(
  ctx: { config: Config; database: Database; log: Logger; vault?: Vault },
  deps: PipelineDeps,
  options: { workers: boolean },
): Promise<Publishing> {
  const url = ctx.config.databaseUrl ?? ctx.database.embedded?.url;
  if (!url) throw new Error("No database URL for the job queue.");
  const pipeline = await startPipeline(
    { url, db: ctx.database.db, log: ctx.log, workers: options.workers },
    // The environment's tunables (STOFLOW_JOB_EXPIRY_SECONDS, ...), then the caller's.
    { ...deps, settings: { ...ctx.config.pipeline, ...deps.settings } },
  );
  const events = listingEventHub(url, ctx.log);
  const requester = {
    db: ctx.database.db,
    boss: pipeline.boss,
    payloads: deps.payloads,
    payloadsMany: deps.payloadsMany,
  };
  // Catalog sources share the queue: imports, periodic sync, stock write-back of sales.
  if (ctx.vault) {
    await startSources({ ...ctx, vault: ctx.vault }, pipeline.boss, requester, {
      workers: options.workers,
      periodicSync: pipeline.runtime.settings.salesPollCron !== "",
      pollingIntervalSeconds: pipeline.runtime.settings.pollingIntervalSeconds,
    });
  }
  return {
    requester,
    events,
    pipeline,
    async stop(timeoutMs) {
      await pipeline.stop(timeoutMs);
      await events.close();
    },
  };
}
