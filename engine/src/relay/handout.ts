// Hands the seller's browser the next queued action of a relay account, paced like the
// workers (the same token bucket, taken in PostgreSQL), and marks the listing in progress
// through the usual transition, so the history reads the same whoever made the call.
import { type Tx, tenant, withTenant } from "@stoflow/db";
import { desc, eq } from "drizzle-orm";
import type { ListingPayload } from "../channels/channel.ts";
import { idempotencyKey } from "../listings/idempotency.ts";
import {
  ACTION_STATES,
  IllegalTransitionError,
  type ListingAction,
} from "../listings/lifecycle.ts";
import { type Listing, moveListing, noteListing } from "../listings/transition.ts";
import { takeSlot } from "../pipeline/pacing.ts";
import { type PendingJob, pendingRelayJobs } from "./pending.ts";
import { type HandedPoll, handOutPoll, waitingRelayPolls } from "./polls.ts";
import { RELAY_LEASE_SECONDS, type RelayRuntime, relayActionId } from "./runtime.ts";

export interface RelayPayload extends Omit<ListingPayload, "photos"> {
  photos: { contentType: string; data: string }[]; // base64
}

export interface HandedAction {
  id: string;
  accountId: string;
  domain: string;
  action: ListingAction;
  externalId: string | null;
  /** An earlier attempt may have reached Vinted: look for the item before creating it. */
  reconcile: boolean;
  payload: RelayPayload | null;
}

export type Handout =
  | { action: HandedAction | HandedPoll }
  | { action: null; retryAt: string | null };

export interface Device {
  tenantId: number;
  deviceId: string;
}

const actorOf = (device: Device) => `device:${device.deviceId}`;

/** The listing and the revision to act on, or undefined when the job is stale or claimed. */
async function actionable(
  tx: Tx,
  job: PendingJob,
  now: Date,
): Promise<{ listing: Listing; revision: number } | undefined> {
  const [listing] = await tx
    .select()
    .from(tenant.listings)
    .where(eq(tenant.listings.id, job.listingId));
  const states = ACTION_STATES[job.action];
  if (!listing || !states.from.includes(listing.state as never)) return undefined;
  if (listing.state === states.busy) {
    // Claimed a moment ago (by a browser or a worker) and not reported yet: leave it.
    const [last] = await tx
      .select({ outcome: tenant.publicationEvents.outcome, at: tenant.publicationEvents.createdAt })
      .from(tenant.publicationEvents)
      .where(eq(tenant.publicationEvents.listingId, listing.id))
      .orderBy(desc(tenant.publicationEvents.id))
      .limit(1);
    if (
      last?.outcome === "started" &&
      last.at.getTime() > now.getTime() - RELAY_LEASE_SECONDS * 1000
    ) {
      return undefined;
    }
  }
  if (job.action !== "update") return { listing, revision: job.revision };
  if (listing.publishedRevision !== null && listing.publishedRevision >= job.revision)
    return undefined;
  const [product] = await tx
    .select({ revision: tenant.products.revision })
    .from(tenant.products)
    .where(eq(tenant.products.id, listing.productId));
  if (!product) return undefined;
  return { listing, revision: Math.max(product.revision, job.revision) };
}

function forTheBrowser(payload: ListingPayload): RelayPayload {
  return {
    ...payload,
    photos: payload.photos.map((p) => ({
      contentType: p.contentType,
      data: p.data.toString("base64"),
    })),
  };
}

/** A payload that cannot be built stops the action as the worker would stop it. */
async function refuse(
  rt: RelayRuntime,
  device: Device,
  job: PendingJob,
  listing: Listing,
  problems: string[],
) {
  const message = problems.join(" ");
  const key = idempotencyKey(listing.id, job.action, job.revision);
  await withTenant(rt.db, device.tenantId, (tx) =>
    job.action === "update"
      ? noteListing(tx, device.tenantId, {
          listingId: listing.id,
          action: "lint",
          actor: actorOf(device),
          outcome: "blocked",
          idempotencyKey: key,
          response: { message },
          set: { lastError: message, lastErrorKind: "lint" },
        })
      : moveListing(tx, device.tenantId, {
          listingId: listing.id,
          to: "error",
          action: job.action,
          actor: actorOf(device),
          outcome: "failed",
          idempotencyKey: key,
          response: { message },
          set: { lastError: message, lastErrorKind: "mapping" },
        }),
  );
}

export async function nextRelayAction(rt: RelayRuntime, device: Device): Promise<Handout> {
  const now = rt.now();
  const waiting = new Set<string>(); // accounts whose budget is spent for now
  let earliest: Date | undefined;
  // Sales polls first: a sale seen late may sell the item twice; a publish can wait a slot.
  const polls = await withTenant(rt.db, device.tenantId, (tx) =>
    waitingRelayPolls(tx, device.tenantId),
  );
  for (const poll of polls) {
    if (waiting.has(poll.accountId)) continue;
    const handed = await withTenant(rt.db, device.tenantId, (tx) =>
      handOutPoll(rt, tx, device.tenantId, poll, now),
    );
    if (handed.kind === "handed") return { action: handed.poll };
    if (handed.kind === "wait") {
      if (!earliest || handed.retryAt < earliest) earliest = handed.retryAt;
      waiting.add(poll.accountId);
    }
  }
  const jobs = await withTenant(rt.db, device.tenantId, (tx) =>
    pendingRelayJobs(tx, device.tenantId, 50),
  );
  const seen = new Set<string>();
  for (const job of jobs) {
    // A listing may have a stale job of an earlier action too: each action is looked at once.
    const key = `${job.listingId}:${job.action}`;
    if (seen.has(key) || waiting.has(job.accountId)) continue;
    seen.add(key);
    const found = await withTenant(rt.db, device.tenantId, (tx) => actionable(tx, job, now));
    if (!found) continue;
    const { listing, revision } = found;
    let payload: ListingPayload | null = null;
    if (job.action !== "delist") {
      const built = await rt.payloads(device.tenantId, {
        productId: listing.productId,
        platform: listing.platform,
      });
      if (!built.ok) {
        await refuse(rt, device, job, listing, built.problems);
        continue;
      }
      payload = built.payload;
    }
    const states = ACTION_STATES[job.action];
    const eventKey = idempotencyKey(listing.id, job.action, revision);
    try {
      const gate = await withTenant(rt.db, device.tenantId, async (tx) => {
        const taken = await takeSlot(tx, {
          accountId: listing.channelAccountId,
          now,
          listingId: listing.id,
          action: job.action,
          minGapSeconds: rt.settings.minGapSeconds,
          maxGapSeconds: rt.settings.maxGapSeconds,
          recheckSeconds: rt.settings.reconnectRecheckSeconds,
          forRelay: true,
        });
        if (!taken.ok) return taken;
        await moveListing(tx, device.tenantId, {
          listingId: listing.id,
          from: states.from,
          to: states.busy,
          action: job.action,
          actor: actorOf(device),
          outcome: "started",
          attempt: listing.attempts + 1,
          idempotencyKey: eventKey,
          set: { attempts: listing.attempts + 1 },
        });
        return taken;
      });
      if (!gate.ok) {
        // The account's budget is spent for now: nothing else of it may run either.
        if (!earliest || gate.retryAt < earliest) earliest = gate.retryAt;
        waiting.add(job.accountId);
        continue;
      }
    } catch (error) {
      if (error instanceof IllegalTransitionError) continue; // moved on meanwhile
      throw error;
    }
    return {
      action: {
        id: relayActionId(listing.id, job.action, revision),
        accountId: listing.channelAccountId,
        domain: job.domain ?? "",
        action: job.action,
        externalId: listing.externalId,
        reconcile: listing.state === states.busy || listing.attempts > 0,
        payload: payload && forTheBrowser(payload),
      },
    };
  }
  return { action: null, retryAt: earliest?.toISOString() ?? null };
}
