// Sold anywhere, gone everywhere, the Vinted half: a `listing.poll-sales` job per channel
// account reads the seller's items and marks sold every listing whose item sold there
// (`markSold`: listing sold, stock down, other listings delisted, product.stock_changed).
// A cron sweep queues one poll per connected account; the stately queue keeps at most one
// waiting per account. Each wardrobe page costs one pacing slot, like any other action.
import { control, type Db, tenant, withTenant } from "@stoflow/db";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Requester } from "../listings/requests.ts";
import type { Logger } from "../logger.ts";
import { cooldownLevelOf, markReconnectNeeded, pauseAccount } from "./account-state.ts";
import { classify } from "./classify.ts";
import { pruneSlots, takeSlot } from "./pacing.ts";
import { POLL_SALES_QUEUE } from "./queues.ts";
import type { ActionRuntime } from "./run-action.ts";
import { markPolled, recordSale, watchedListings } from "./sales.ts";

export const POLL_ACTOR = "sales-poll";

export interface PollJob {
  tenantId: number;
  accountId: string;
  /** Where a poll that had to wait stopped: it resumes there (a worker or, in relay mode, the browser). */
  cursor?: PollCursor;
}

export interface PollCursor {
  /** The wardrobe page to read next. */
  page: number;
  /** Watched item ids not seen on the pages read so far (all of them before page 1). */
  unseen?: string[];
  /** Relay mode: when the page was handed to a browser; not handed again before the lease ends. */
  handedAt?: string;
}

/**
 * A relay account's poll job is the browser's (relay/polls.ts): a worker looks at it again
 * only after this long, to hand it back to the workers if relay mode was switched off.
 */
export const RELAY_POLL_HOLD_SECONDS = 10 * 60;

/** One waiting and one running poll per account. */
export const pollKey = (tenantId: number, accountId: string) => `poll:${tenantId}:${accountId}`;

export type PollResult =
  | { kind: "done"; outcome: string; sold: number; pages: number }
  | { kind: "reschedule"; at: Date; reason: string; sold: number; cursor?: PollCursor }
  | { kind: "failed"; message: string };

/** Queues a poll of one account; null when one is already waiting for it. */
export function sendPoll(boss: PgBoss, job: PollJob, options: { startAfter?: Date } = {}) {
  return boss.send(POLL_SALES_QUEUE, job, {
    singletonKey: pollKey(job.tenantId, job.accountId),
    ...(options.startAfter ? { startAfter: options.startAfter } : {}),
  });
}

/**
 * Queues a poll for every connected (or paused) account with a session, in every shop, and
 * drops each shop's pacing slots too old to count.
 */
export async function sweepSalesPolls(boss: PgBoss, db: Db): Promise<number> {
  let queued = 0;
  const shops = await db
    .select({ id: control.tenants.id, status: control.tenants.status })
    .from(control.tenants)
    .orderBy(control.tenants.id);
  for (const shop of shops) {
    if (shop.status !== "active") continue;
    const accounts = await withTenant(db, shop.id, async (tx) => {
      await pruneSlots(tx, new Date());
      return tx
        .select({ id: tenant.channelAccounts.id })
        .from(tenant.channelAccounts)
        .where(
          and(
            eq(tenant.channelAccounts.platform, "vinted"),
            inArray(tenant.channelAccounts.status, ["connected", "paused"]),
            isNotNull(tenant.channelAccounts.credentialsCiphertext),
          ),
        );
    });
    for (const account of accounts) {
      if (await sendPoll(boss, { tenantId: shop.id, accountId: account.id })) queued++;
    }
  }
  return queued;
}

/** One poll of one account. `attempt` counts from 1. */
export async function runPoll(
  rt: ActionRuntime,
  r: Requester,
  job: PollJob,
  attempt: number,
): Promise<PollResult> {
  const log = rt.log.child({ tenantId: job.tenantId, accountId: job.accountId, job: "poll-sales" });
  const [account] = await withTenant(rt.db, job.tenantId, (tx) =>
    tx.select().from(tenant.channelAccounts).where(eq(tenant.channelAccounts.id, job.accountId)),
  );
  if (!account || account.status === "disconnected")
    return { kind: "done", outcome: "stale", sold: 0, pages: 0 };
  const channel = rt.channels.get(account.platform);
  if (!channel) return { kind: "done", outcome: "no-channel", sold: 0, pages: 0 };
  const watched = await withTenant(rt.db, job.tenantId, (tx) => watchedListings(tx, job.accountId));
  // Nothing on the marketplace to watch: no call, no pacing slot spent.
  if (watched.size === 0) return { kind: "done", outcome: "nothing-listed", sold: 0, pages: 0 };
  if (account.relayMode) {
    // The seller's browser reads this account (relay/polls.ts): the job waits for it, with its
    // cursor, and the account's pacing bookings are left alone.
    const at = new Date(rt.clock.now().getTime() + RELAY_POLL_HOLD_SECONDS * 1000);
    return { kind: "reschedule", at, reason: "relay", sold: 0 };
  }

  let sold = 0;
  let pages = 0;
  const gate = () =>
    withTenant(rt.db, job.tenantId, (tx) =>
      takeSlot(tx, {
        accountId: job.accountId,
        now: rt.clock.now(),
        listingId: null,
        action: "poll",
        minGapSeconds: rt.settings.minGapSeconds,
        maxGapSeconds: rt.settings.maxGapSeconds,
        recheckSeconds: rt.settings.reconnectRecheckSeconds,
      }),
    );
  try {
    const session = await rt.sessions(job.tenantId, job.accountId);
    const perPage = channel.itemsPerPage ?? Number.POSITIVE_INFINITY;
    // A poll that waited for a slot goes on from the page it stopped at.
    const from = job.cursor?.page ?? 1;
    const remaining = new Set(
      job.cursor?.unseen ? job.cursor.unseen.filter((id) => watched.has(id)) : watched.keys(),
    );
    const items = channel.listItems(session, from)[Symbol.asyncIterator]();
    let seen = 0;
    for (;;) {
      if (remaining.size === 0) {
        await items.return?.();
        break;
      }
      if (seen % perPage === 0 && (seen > 0 || pages === 0)) {
        // One slot per page fetched; a refused slot ends this run, books the next slot and
        // keeps the page reached, so a wardrobe of many pages is read to the end in turns.
        const slot = await gate();
        if (!slot.ok) {
          await items.return?.();
          log.debug({ reason: slot.reason, retryAt: slot.retryAt, pages }, "Sales poll waits");
          const cursor = { page: from + pages, unseen: [...remaining] };
          return { kind: "reschedule", at: slot.retryAt, reason: slot.reason, sold, cursor };
        }
        pages++;
      }
      const next = await items.next();
      if (next.done) break;
      seen++;
      const item = next.value;
      const listingId = watched.get(item.id);
      if (!listingId) continue;
      remaining.delete(item.id);
      if (
        item.state === "sold" &&
        (await withTenant(rt.db, job.tenantId, (tx) =>
          recordSale(r, tx, job.tenantId, listingId, item, {
            actor: POLL_ACTOR,
            at: rt.clock.now(),
          }),
        ))
      ) {
        sold++;
        log.info({ listingId, externalId: item.id }, "Sold on the marketplace");
      }
    }
    await withTenant(rt.db, job.tenantId, (tx) => markPolled(tx, job.accountId, rt.clock.now()));
    return { kind: "done", outcome: "ok", sold, pages };
  } catch (error) {
    return settlePoll(rt, job, error, attempt, sold, log);
  }
}

/** The same classification as listing actions, applied to the account alone. */
async function settlePoll(
  rt: ActionRuntime,
  job: PollJob,
  error: unknown,
  attempt: number,
  sold: number,
  log: Logger,
): Promise<PollResult> {
  const now = rt.clock.now();
  const cooldownLevel = await withTenant(rt.db, job.tenantId, (tx) =>
    cooldownLevelOf(tx, job.accountId),
  );
  const decision = classify(error, {
    number: attempt,
    max: rt.settings.attempts,
    now,
    cooldownLevel,
    cooldownsSeconds: rt.settings.cooldownsSeconds,
  });
  log.warn({ err: error, decision: decision.kind }, "Sales poll failed");
  switch (decision.kind) {
    case "reconnect":
      await withTenant(rt.db, job.tenantId, (tx) =>
        markReconnectNeeded(tx, job.accountId, decision.message),
      );
      return {
        kind: "reschedule",
        at: new Date(now.getTime() + rt.settings.reconnectRecheckSeconds * 1000),
        reason: "reconnect_needed",
        sold,
      };
    case "pause":
      await withTenant(rt.db, job.tenantId, (tx) =>
        pauseAccount(tx, job.accountId, decision.until, decision.cooldownLevel, decision.message),
      );
      return { kind: "reschedule", at: decision.until, reason: "paused", sold };
    case "retry":
      return { kind: "failed", message: decision.message };
    case "fail":
      // A permanent answer to a read: nothing to keep; the next sweep polls again.
      return { kind: "done", outcome: "failed", sold, pages: 0 };
  }
}
