// What the relay needs of the engine: the database, the pipeline's tunables and payloads.
import type { Db } from "@stoflow/db";
import type { EngineContext } from "../context.ts";
import type { Requester } from "../listings/requests.ts";
import type { PayloadBuilder } from "../pipeline/ports.ts";
import { DEFAULT_SETTINGS, type PipelineSettings } from "../pipeline/settings.ts";
import { configuredPorts } from "../pipeline/wiring.ts";

export interface RelayRuntime {
  db: Db;
  payloads: PayloadBuilder;
  /** The job queue, for sales polls and the delists a sale queues; absent without a pipeline. */
  requester?: Requester;
  settings: PipelineSettings;
  now: () => Date;
}

/** A handed-out action not reported within this long is offered again (with reconciliation). */
export const RELAY_LEASE_SECONDS = 10 * 60;

export function relayRuntime(ctx: EngineContext): RelayRuntime {
  const running = ctx.publishing?.pipeline.runtime;
  return {
    db: ctx.database.db,
    payloads: ctx.publishing?.requester.payloads ?? configuredPorts(ctx).payloads,
    ...(ctx.publishing ? { requester: ctx.publishing.requester } : {}),
    settings: running?.settings ?? { ...DEFAULT_SETTINGS, ...ctx.config.pipeline },
    now: () => new Date(),
  };
}

/** The id the extension reports an outcome under: the action's idempotency key. */
export function relayActionId(listingId: string, action: string, revision: number): string {
  return `${listingId}:${action}:${revision}`;
}

export const RELAY_ACTION_ID = /^([0-9a-f-]{36}):(publish|update|delist):(\d{1,9})$/;
