// One marketplace action of one listing, from job to outcome. The remote call sits between
// two commits: "in progress" (with its pacing slot) before, the result right after.
import { type Db, type Tx, tenant, withTenant } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Channel, ChannelSession, ListingPayload, RemoteItem } from "../channels/channel.ts";
import { ChannelError } from "../channels/channel.ts";
import { idempotencyKey } from "../listings/idempotency.ts";
import { ACTION_STATES, IllegalTransitionError } from "../listings/lifecycle.ts";
import { delistLocked } from "../listings/requests.ts";
import { type Listing, moveListing, noteListing } from "../listings/transition.ts";
import type { Logger } from "../logger.ts";
import { relayOnBlock } from "../relay/mode.ts";
import {
  cooldownLevelOf,
  markReconnectNeeded,
  pauseAccount,
  resetCooldown,
} from "./account-state.ts";
import { classify, type Decision } from "./classify.ts";
import type { Clock } from "./clock.ts";
import { takeSlot } from "./pacing.ts";
import type {
  ChannelRegistry,
  PayloadBatchBuilder,
  PayloadBuilder,
  SessionLoader,
} from "./ports.ts";
import { publishedColumns, stillForSale } from "./published.ts";
import { ACTION_QUEUES, type ActionJob, bossJobs } from "./queues.ts";
import type { PipelineSettings } from "./settings.ts";

export interface ActionRuntime {
  db: Db;
  boss: PgBoss;
  log: Logger;
  clock: Clock;
  settings: PipelineSettings;
  channels: ChannelRegistry;
  sessions: SessionLoader;
  payloads: PayloadBuilder;
  payloadsMany?: PayloadBatchBuilder;
}

export type ActionResult =
  | { kind: "done"; outcome: string }
  | { kind: "reschedule"; at: Date; reason: string }
  /** Failed this attempt: pg-boss retries it with backoff, or dead-letters it after the last. */
  | { kind: "failed"; message: string };

export const ACTOR = "worker";

type Prepared =
  | { kind: "stale" }
  | { kind: "settled"; result: ActionResult }
  | { kind: "no_session"; listing: Listing; error: unknown }
  | {
      kind: "go";
      listing: Listing;
      payload: ListingPayload | undefined;
      session: ChannelSession;
      revision: number;
      mayHaveReached: boolean;
      /** The account's cool-down level when its slot was taken. */
      cooldownLevel: number;
    };

/**
 * The revision an update job publishes, or undefined when it has nothing to do: the listing
 * already shows this revision or a later one, or a job for a later revision is waiting (quick
 * edits: only the last one reaches the marketplace). The product's current revision is read
 * before its payload is built, so the payload is at least that recent.
 */
async function updateRevision(
  tx: Tx,
  listing: Listing,
  job: ActionJob,
): Promise<number | undefined> {
  // A queued update is a seller's retry of a failed edit: it runs even at the same revision.
  const retried = listing.state === "queued";
  if (!retried && listing.publishedRevision !== null && listing.publishedRevision >= job.revision) {
    return undefined;
  }
  const [product] = await tx
    .select({ revision: tenant.products.revision })
    .from(tenant.products)
    .where(eq(tenant.products.id, listing.productId));
  if (!product) return undefined;
  if (product.revision > job.revision) {
    const { rows } = await tx.execute(sql`
      SELECT 1 FROM ${bossJobs}
      WHERE name = ${ACTION_QUEUES.update}
        AND singleton_key LIKE ${`${listing.id}:update:%`}
        AND state IN ('created', 'retry', 'active')
        AND (data->>'revision')::int > ${job.revision}
      LIMIT 1`);
    if (rows.length > 0) return undefined;
  }
  return Math.max(product.revision, job.revision);
}

/**
 * Everything before the remote call, in one tenant transaction: the listing, the payload (its
 * product and photos), the session, the pacing slot and the move to the in-progress state.
 * Whatever stops the action here (stale, lint, pacing) is recorded in the same transaction.
 */
async function prepare(rt: ActionRuntime, job: ActionJob, key: string, log: Logger, tx: Tx) {
  const { tenantId, listingId, action } = job;
  const states = ACTION_STATES[action];
  const [listing] = await tx
    .select()
    .from(tenant.listings)
    .where(eq(tenant.listings.id, listingId));
  if (!listing || !states.from.includes(listing.state as never)) {
    log.debug({ state: listing?.state }, "Stale job: the listing has moved on");
    return { kind: "stale" } satisfies Prepared;
  }
  const fail = async (message: string, errorKind: string): Promise<Prepared> => {
    await moveListing(tx, tenantId, {
      listingId,
      to: "error",
      action,
      actor: ACTOR,
      outcome: "failed",
      idempotencyKey: key,
      response: { message },
      set: { lastError: message, lastErrorKind: errorKind },
    });
    return { kind: "settled", result: { kind: "done", outcome: "failed" } };
  };
  // Updates coalesce: only the latest revision's job changes the marketplace item.
  let revision = job.revision;
  if (action === "update") {
    const current = await updateRevision(tx, listing, job);
    if (current === undefined) {
      log.debug({ revision: job.revision }, "Update superseded or already published");
      return { kind: "stale" } satisfies Prepared;
    }
    revision = current;
  }
  if (!rt.channels.get(listing.platform)) {
    return fail(`Stoflow cannot publish on ${listing.platform} yet.`, "permanent");
  }
  let payload: ListingPayload | undefined;
  if (action !== "delist") {
    const built = await rt.payloads(
      tenantId,
      { productId: listing.productId, platform: listing.platform },
      { tx },
    );
    if (!built.ok) {
      const message = built.problems.join(" ");
      if (action !== "update") return fail(message, "mapping");
      // The item on the marketplace is still the last good one: the listing stays live,
      // with the reason the edit did not reach it.
      await noteListing(tx, tenantId, {
        listingId,
        action: "lint",
        actor: ACTOR,
        outcome: "blocked",
        idempotencyKey: key,
        response: { message },
        set: { lastError: message, lastErrorKind: "lint" },
      });
      return { kind: "settled", result: { kind: "done", outcome: "blocked" } } satisfies Prepared;
    }
    payload = built.payload;
  }
  let session: ChannelSession;
  try {
    session = await rt.sessions(tenantId, listing.channelAccountId, tx);
  } catch (error) {
    return { kind: "no_session", listing, error } satisfies Prepared;
  }
  // An earlier attempt may have reached the marketplace: look before posting again.
  const mayHaveReached = listing.state === states.busy || listing.attempts > 0;
  const gate = await takeSlot(tx, {
    accountId: listing.channelAccountId,
    now: rt.clock.now(),
    listingId,
    action,
    minGapSeconds: rt.settings.minGapSeconds,
    maxGapSeconds: rt.settings.maxGapSeconds,
    recheckSeconds: rt.settings.reconnectRecheckSeconds,
  });
  if (!gate.ok) {
    log.debug(
      { reason: gate.reason, retryAt: gate.retryAt },
      "Account cannot act now; job rescheduled",
    );
    return {
      kind: "settled",
      result: { kind: "reschedule", at: gate.retryAt, reason: gate.reason },
    } satisfies Prepared;
  }
  await moveListing(tx, tenantId, {
    listingId,
    from: states.from,
    to: states.busy,
    action,
    actor: ACTOR,
    outcome: "started",
    attempt: listing.attempts + 1,
    idempotencyKey: key,
    set: { attempts: listing.attempts + 1 },
  });
  return {
    kind: "go",
    listing,
    payload,
    session,
    revision,
    mayHaveReached,
    cooldownLevel: gate.cooldownLevel,
  } satisfies Prepared;
}

/** Runs one job. `attempt` counts from 1; the last is `settings.attempts`. */
export async function runAction(
  rt: ActionRuntime,
  job: ActionJob,
  attempt: number,
): Promise<ActionResult> {
  const { tenantId, listingId, action } = job;
  const key = idempotencyKey(listingId, action, job.revision);
  const log = rt.log.child({ tenantId, listingId, action, attempt });
  let prepared: Prepared;
  try {
    prepared = await withTenant(rt.db, tenantId, (tx) => prepare(rt, job, key, log, tx));
  } catch (error) {
    if (error instanceof IllegalTransitionError) return { kind: "done", outcome: "stale" };
    throw error;
  }
  if (prepared.kind === "stale") return { kind: "done", outcome: "stale" };
  if (prepared.kind === "settled") return prepared.result;
  if (prepared.kind === "no_session") {
    return settle(rt, job, prepared.listing, prepared.error, attempt, key, log);
  }
  const { listing, payload, session, revision, mayHaveReached } = prepared;
  const channel = rt.channels.get(listing.platform) as Channel;
  try {
    const { item, outcome } = await callChannel(
      channel,
      session,
      listing,
      action,
      payload,
      mayHaveReached,
    );
    const settled = await withTenant(rt.db, tenantId, async (tx) => {
      if (prepared.cooldownLevel > 0) await resetCooldown(tx, listing.channelAccountId);
      const done = rt.clock.now();
      const moved = await moveListing(tx, tenantId, {
        listingId,
        to: action === "delist" ? "delisted" : "published",
        action,
        actor: ACTOR,
        outcome,
        attempt: listing.attempts + 1,
        idempotencyKey: key,
        response: item,
        set:
          action === "delist"
            ? { delistedAt: done, lastError: null, lastErrorKind: null, attempts: 0 }
            : publishedColumns(action, item, payload, revision, done),
      });
      // The product sold out elsewhere (or left its shop) while this action ran: take this
      // item down too; the sale and the shop's delist skipped it while it was in progress.
      if (
        moved.state === "published" &&
        !(await stillForSale(tx, [moved.productId])).has(moved.productId)
      ) {
        await delistLocked(rt, tx, tenantId, moved, ACTOR);
      }
      return true;
    }).catch((error: unknown) => {
      // Sold on this marketplace meanwhile (the sales poll got there first): nothing to record.
      if (error instanceof IllegalTransitionError) return false;
      throw error;
    });
    if (!settled) return { kind: "done", outcome: "stale" };
    log.info({ outcome, externalId: item?.id }, "Marketplace action done");
    return { kind: "done", outcome };
  } catch (error) {
    return settle(
      rt,
      job,
      { ...listing, attempts: listing.attempts + 1 },
      error,
      attempt,
      key,
      log,
    );
  }
}

async function callChannel(
  channel: Channel,
  session: ChannelSession,
  listing: Listing,
  action: ActionJob["action"],
  payload: ListingPayload | undefined,
  mayHaveReached: boolean,
): Promise<{ item: RemoteItem | undefined; outcome: "ok" | "reconciled" }> {
  if (action === "publish") {
    const p = payload as ListingPayload;
    const existing = mayHaveReached ? await channel.findExisting(session, p) : undefined;
    if (existing) return { item: existing, outcome: "reconciled" };
    return { item: await channel.publish(session, p), outcome: "ok" };
  }
  if (action === "update") {
    return {
      item: await channel.update(session, listing.externalId as string, payload as ListingPayload),
      outcome: "ok",
    };
  }
  if (listing.externalId) {
    try {
      await channel.delist(session, listing.externalId);
    } catch (error) {
      // Already gone on the marketplace: the delist is done.
      if (!(error instanceof ChannelError && error.reason === "not_found")) throw error;
    }
  }
  return { item: undefined, outcome: "ok" };
}

/** Applies the classification of a failure: the one place that decides retry, stop or pause. */
export async function settle(
  rt: ActionRuntime,
  job: ActionJob,
  listing: Listing,
  error: unknown,
  attempt: number,
  key: string,
  log: Logger,
): Promise<ActionResult> {
  const { tenantId, listingId, action } = job;
  const now = rt.clock.now();
  const cooldownLevel = await withTenant(rt.db, tenantId, (tx) =>
    cooldownLevelOf(tx, listing.channelAccountId),
  );
  const decision: Decision = classify(error, {
    number: attempt,
    max: rt.settings.attempts,
    now,
    cooldownLevel,
    cooldownsSeconds: rt.settings.cooldownsSeconds,
  });
  if (error instanceof ChannelError)
    log.warn(
      { reason: error.reason, status: error.status, decision: decision.kind },
      error.message,
    );
  else log.error({ err: error, decision: decision.kind }, "Marketplace action failed unexpectedly");
  const remote =
    error instanceof ChannelError
      ? (error.remote ?? { message: error.message })
      : { message: decision.message };
  const busy = ACTION_STATES[action].busy;
  await withTenant(rt.db, tenantId, async (tx) => {
    const [current] = await tx
      .select({ state: tenant.listings.state })
      .from(tenant.listings)
      .where(eq(tenant.listings.id, listingId));
    const inProgress = current?.state === busy;
    const note = (outcome: "retry" | "paused", errorKind: string) =>
      inProgress
        ? moveListing(tx, tenantId, {
            listingId,
            to: busy,
            action,
            actor: ACTOR,
            outcome,
            attempt: listing.attempts,
            idempotencyKey: key,
            response: remote,
            set: { lastError: decision.message, lastErrorKind: errorKind },
          })
        : undefined;
    switch (decision.kind) {
      case "reconnect":
        await markReconnectNeeded(tx, listing.channelAccountId, decision.message);
        await note("paused", "account");
        return;
      case "pause":
        await pauseAccount(
          tx,
          listing.channelAccountId,
          decision.until,
          decision.cooldownLevel,
          decision.message,
        );
        // A 403 blocks the server's address, not the seller's browser: relay when paired.
        if (error instanceof ChannelError && error.reason === "blocked") {
          await relayOnBlock(tx, tenantId, listing.channelAccountId, now, decision.message);
        }
        await note("paused", "account");
        return;
      case "retry":
        await note("retry", decision.errorKind);
        return;
      case "fail":
        await moveListing(tx, tenantId, {
          listingId,
          to: "error",
          action,
          actor: ACTOR,
          outcome: "failed",
          attempt: listing.attempts,
          idempotencyKey: key,
          response: remote,
          set: { lastError: decision.message, lastErrorKind: decision.errorKind },
        });
    }
  });
  switch (decision.kind) {
    case "reconnect":
      return {
        kind: "reschedule",
        at: new Date(now.getTime() + rt.settings.reconnectRecheckSeconds * 1000),
        reason: "reconnect_needed",
      };
    case "pause":
      return { kind: "reschedule", at: decision.until, reason: "paused" };
    case "retry":
      return { kind: "failed", message: decision.message };
    case "fail":
      return decision.exhausted
        ? { kind: "failed", message: decision.message }
        : { kind: "done", outcome: "failed" };
  }
}
