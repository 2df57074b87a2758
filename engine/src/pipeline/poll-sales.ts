// Sold anywhere, gone everywhere, the Vinted half: a `listing.poll-sales` job per channel
// account reads the seller's items and marks sold every listing whose item sold there
// (`markSold`: listing sold, stock down, other listings delisted, product.stock_changed).
// A cron sweep queues one poll per connected account; the stately queue keeps at most one
// waiting per account. Each wardrobe page costs one pacing slot, like any other action.
import { control, type Db, tenant, withTenant } from "@stoflow/db";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { RemoteItem } from "../channels/channel.ts";
import { statesLeadingTo } from "../listings/lifecycle.ts";
import type { Requester } from "../listings/requests.ts";
import { markSold } from "../listings/sold.ts";
import type { Logger } from "../logger.ts";
import {
  cooldownLevelOf,
  markReconnectNeeded,
  pauseAccount,
  resetCooldown,
} from "./account-state.ts";
import { classify } from "./classify.ts";
import { pruneSlots, takeSlot } from "./pacing.ts";
import { POLL_SALES_QUEUE } from "./queues.ts";
import type { ActionRuntime } from "./run-action.ts";

export const POLL_ACTOR = "sales-poll";

export interface PollJob {
  tenantId: number;
  accountId: string;
}

export type PollResult =
  | { kind: "done"; outcome: string; sold: number; pages: number }
  | { kind: "reschedule"; at: Date; reason: string; sold: number }
  | { kind: "failed"; message: string };

/** Queues a poll of one account; null when one is already waiting for it. */
export function sendPoll(boss: PgBoss, job: PollJob, options: { startAfter?: Date } = {}) {
  return boss.send(POLL_SALES_QUEUE, job, {
    singletonKey: `poll:${job.tenantId}:${job.accountId}`,
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

/** The listings of the account a sale may still reach, by the marketplace's item id. */
async function watchedListings(db: Db, job: PollJob): Promise<Map<string, string>> {
  const rows = await withTenant(db, job.tenantId, (tx) =>
    tx
      .select({ id: tenant.listings.id, externalId: tenant.listings.externalId })
      .from(tenant.listings)
      .where(
        and(
          eq(tenant.listings.channelAccountId, job.accountId),
          isNotNull(tenant.listings.externalId),
          inArray(tenant.listings.state, statesLeadingTo("sold")),
        ),
      ),
  );
  return new Map(rows.map((r) => [r.externalId as string, r.id]));
}

async function recordSale(
  rt: ActionRuntime,
  r: Requester,
  job: PollJob,
  listingId: string,
  item: RemoteItem,
): Promise<boolean> {
  return withTenant(rt.db, job.tenantId, async (tx) => {
    const [listing] = await tx
      .select({ state: tenant.listings.state })
      .from(tenant.listings)
      .where(eq(tenant.listings.id, listingId))
      .for("update");
    if (!listing || !statesLeadingTo("sold").includes(listing.state as never)) return false;
    await markSold(r, tx, job.tenantId, listingId, {
      actor: POLL_ACTOR,
      response: item,
      at: rt.clock.now(),
    });
    return true;
  });
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
  const watched = await watchedListings(rt.db, job);
  // Nothing on the marketplace to watch: no call, no pacing slot spent.
  if (watched.size === 0) return { kind: "done", outcome: "nothing-listed", sold: 0, pages: 0 };

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
    const items = channel.listItems(session)[Symbol.asyncIterator]();
    let seen = 0;
    const remaining = new Set(watched.keys());
    for (;;) {
      if (seen % perPage === 0 && (seen > 0 || pages === 0)) {
        // One slot per page fetched; a refused slot ends this poll and books the next.
        const slot = await gate();
        if (!slot.ok) {
          await items.return?.();
          log.debug({ reason: slot.reason, retryAt: slot.retryAt, pages }, "Sales poll waits");
          return { kind: "reschedule", at: slot.retryAt, reason: slot.reason, sold };
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
      if (item.state === "sold" && (await recordSale(rt, r, job, listingId, item))) {
        sold++;
        log.info({ listingId, externalId: item.id }, "Sold on the marketplace");
      }
      if (remaining.size === 0) {
        await items.return?.();
        break;
      }
    }
    await withTenant(rt.db, job.tenantId, async (tx) => {
      await resetCooldown(tx, job.accountId);
      await tx
        .update(tenant.channelAccounts)
        .set({ lastSeenAt: rt.clock.now() })
        .where(eq(tenant.channelAccounts.id, job.accountId));
    });
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
