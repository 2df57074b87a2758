// A worker batch of publish jobs, set-based: each tenant's first attempts are prepared, moved
// and recorded in a handful of statements for the whole group instead of a dozen per job.
// Whatever is out of the ordinary (a retry, an earlier attempt, a booking, a missing mapping,
// an account that cannot act now) is left to runAction, the one-by-one path, which decides it.
import { type Tx, tenant, withTenant } from "@stoflow/db";
import { inArray } from "drizzle-orm";
import type { Channel, ChannelSession, ListingPayload, RemoteItem } from "../channels/channel.ts";
import { idempotencyKey } from "../listings/idempotency.ts";
import { moveListings } from "../listings/move-many.ts";
import { delistIn } from "../listings/requests.ts";
import type { Listing } from "../listings/transition.ts";
import { resetCooldown } from "./account-state.ts";
import { takeSlots } from "./pacing.ts";
import { buildPayloads } from "./ports.ts";
import { publishedColumns, stillForSale } from "./published.ts";
import type { ActionJob } from "./queues.ts";
import { ACTOR, type ActionResult, type ActionRuntime, settle } from "./run-action.ts";

export interface BatchJob {
  job: ActionJob;
  /** Counts from 1, as runAction's. */
  attempt: number;
}

interface Ready extends BatchJob {
  index: number;
  key: string;
  listing: Listing;
  payload: ListingPayload;
  session: ChannelSession;
  cooldownLevel: number;
}

/**
 * Runs the batch's publish jobs it can take set-based; the result of each, or undefined for a
 * job left to runAction (run after this returns).
 */
export async function runPublishBatch(
  rt: ActionRuntime,
  jobs: BatchJob[],
): Promise<(ActionResult | undefined)[]> {
  const results: (ActionResult | undefined)[] = jobs.map(() => undefined);
  const byTenant = new Map<number, (BatchJob & { index: number })[]>();
  for (const [index, job] of jobs.entries()) {
    if (job.job.action !== "publish" || job.attempt !== 1) continue;
    const group = byTenant.get(job.job.tenantId) ?? [];
    group.push({ ...job, index });
    byTenant.set(job.job.tenantId, group);
  }
  await Promise.all(
    [...byTenant].map(([tenantId, group]) => runGroup(rt, tenantId, group, results)),
  );
  return results;
}

async function runGroup(
  rt: ActionRuntime,
  tenantId: number,
  group: (BatchJob & { index: number })[],
  results: (ActionResult | undefined)[],
): Promise<void> {
  const log = rt.log.child({ tenantId, action: "publish" });
  let ready: Ready[];
  try {
    ready = await withTenant(rt.db, tenantId, (tx) => prepareGroup(rt, tenantId, group, tx));
  } catch (error) {
    // Nothing was committed: every job of the group goes one by one.
    log.warn({ err: error }, "Batch preparation failed; its jobs run one by one");
    return;
  }
  if (ready.length === 0) return;
  const calls = await Promise.all(
    ready.map(async (r) => {
      const channel = rt.channels.get(r.listing.platform) as Channel;
      try {
        return { r, item: await channel.publish(r.session, r.payload) };
      } catch (error) {
        return { r, error };
      }
    }),
  );
  const done = calls.filter((c): c is { r: Ready; item: RemoteItem } => !("error" in c));
  let failures = calls.filter((c) => "error" in c) as { r: Ready; error: unknown }[];
  try {
    // The record may commit without waiting for the WAL flush: the jobs' completion, a
    // synchronous commit after it, flushes it too, and were both lost in a crash the jobs would
    // run again and find their listings in progress (reconcile, never a second post).
    const recorded = await withTenant(
      rt.db,
      tenantId,
      (tx) => recordGroup(rt, tenantId, done, tx),
      { asyncCommit: true },
    );
    for (const { r } of done) {
      const outcome = recorded.has(r.listing.id) ? "ok" : "stale";
      results[r.index] = { kind: "done", outcome };
    }
    log.info({ published: recorded.size, of: ready.length }, "Marketplace actions done");
  } catch (error) {
    failures = [...failures, ...done.map(({ r }) => ({ r, error }))];
  }
  for (const { r, error } of failures) {
    const listing = { ...r.listing, attempts: r.listing.attempts + 1 };
    const child = log.child({ listingId: r.listing.id, attempt: r.attempt });
    results[r.index] = await settle(rt, r.job, listing, error, r.attempt, r.key, child);
  }
}

/** The group's listings locked, payloads, sessions and slots; the ready ones moved to publishing. */
async function prepareGroup(
  rt: ActionRuntime,
  tenantId: number,
  group: (BatchJob & { index: number })[],
  tx: Tx,
): Promise<Ready[]> {
  const listings = await tx
    .select()
    .from(tenant.listings)
    .where(
      inArray(
        tenant.listings.id,
        group.map((g) => g.job.listingId),
      ),
    )
    .for("update");
  const byId = new Map(listings.map((l) => [l.id, l]));
  const seen = new Set<string>();
  // A first attempt of a queued listing: nothing can have reached the marketplace yet.
  const fresh = group.flatMap((g) => {
    const listing = byId.get(g.job.listingId);
    if (listing?.state !== "queued" || listing.attempts !== 0) return [];
    if (seen.has(listing.id) || !rt.channels.get(listing.platform)) return [];
    seen.add(listing.id);
    return [{ ...g, listing }];
  });
  const targets = fresh.map(({ listing }) => ({
    productId: listing.productId,
    platform: listing.platform,
  }));
  const payloads = await buildPayloads(rt, tenantId, targets, { tx });
  const byAccount = new Map<string, ((typeof fresh)[number] & { payload: ListingPayload })[]>();
  for (const [i, f] of fresh.entries()) {
    const built = payloads[i];
    if (!built?.ok) continue; // runAction records what blocks it
    const list = byAccount.get(f.listing.channelAccountId) ?? [];
    list.push({ ...f, payload: built.payload });
    byAccount.set(f.listing.channelAccountId, list);
  }
  const ready: Ready[] = [];
  for (const [accountId, list] of byAccount) {
    let session: ChannelSession;
    try {
      session = await rt.sessions(tenantId, accountId, tx);
    } catch {
      continue; // runAction settles a missing or expired session
    }
    const gate = await takeSlots(tx, {
      accountId,
      now: rt.clock.now(),
      action: "publish",
      listingIds: list.map((f) => f.listing.id),
      minGapSeconds: rt.settings.minGapSeconds,
      maxGapSeconds: rt.settings.maxGapSeconds,
      recheckSeconds: rt.settings.reconnectRecheckSeconds,
    });
    for (const f of list.slice(0, gate.granted)) {
      const key = idempotencyKey(f.listing.id, "publish", f.job.revision);
      ready.push({ ...f, key, session, cooldownLevel: gate.cooldownLevel });
    }
  }
  const moved = await moveListings(tx, tenantId, {
    to: "publishing",
    from: ["queued"],
    action: "publish",
    actor: ACTOR,
    outcome: "started",
    rows: ready.map((r) => ({
      listingId: r.listing.id,
      attempt: 1,
      idempotencyKey: r.key,
      set: { attempts: 1 },
    })),
  });
  return ready.filter((r) => moved.has(r.listing.id));
}

/** The published items recorded; a product sold out meanwhile has its new item taken down. */
async function recordGroup(
  rt: ActionRuntime,
  tenantId: number,
  done: { r: Ready; item: RemoteItem }[],
  tx: Tx,
): Promise<Set<string>> {
  const at = rt.clock.now();
  for (const accountId of new Set(
    done.filter(({ r }) => r.cooldownLevel > 0).map(({ r }) => r.listing.channelAccountId),
  )) {
    await resetCooldown(tx, accountId);
  }
  const moved = await moveListings(tx, tenantId, {
    to: "published",
    from: ["publishing"],
    action: "publish",
    actor: ACTOR,
    outcome: "ok",
    rows: done.map(({ r, item }) => ({
      listingId: r.listing.id,
      attempt: 1,
      idempotencyKey: r.key,
      response: item,
      set: publishedColumns("publish", item, r.payload, r.job.revision, at),
    })),
  });
  // Sold out elsewhere (or gone from its shop) while the items were posted: take them down.
  const available = await stillForSale(
    tx,
    done.filter(({ r }) => moved.has(r.listing.id)).map(({ r }) => r.listing.productId),
  );
  for (const { r } of done) {
    if (moved.has(r.listing.id) && !available.has(r.listing.productId)) {
      await delistIn(rt, tx, tenantId, r.listing.id, ACTOR);
    }
  }
  return moved;
}
