// Pacing per channel account, in PostgreSQL so it holds across every worker: at most
// `pacing_max_actions` actions per rolling `pacing_window_seconds`, a random gap after each,
// and the account's pause. The account row is locked (FOR UPDATE) while a slot is decided, so
// two workers never both take the last one.
//
// A job that cannot act now books the next free slot ahead (a `reserved` row) and is
// rescheduled to it: a thousand waiting jobs wake one by one, not all at every free slot.
// When it comes back it uses its booking, after checking the window again on real times.
import { type Tx, tenant } from "@stoflow/db";
import { and, asc, eq, gt, sql } from "drizzle-orm";

export type Refusal =
  | "paused"
  | "reconnect_needed"
  | "disconnected"
  | "window_full"
  | "spacing"
  | "relay";

/** ok: the slot is taken; `cooldownLevel` is the account's, read under its lock. */
export type Gate =
  | { ok: true; cooldownLevel: number }
  | { ok: false; reason: Refusal; retryAt: Date };

export interface SlotRequest {
  accountId: string;
  now: Date;
  /** null for an account-wide action (a sales poll). */
  listingId: string | null;
  action: string;
  minGapSeconds: number;
  maxGapSeconds: number;
  /** Seconds before an account needing reconnection is looked at again. */
  recheckSeconds: number;
  random?: () => number;
  /** Taken for the seller's browser (relay mode): only then may a relay account act. */
  forRelay?: boolean;
}

type Account = typeof tenant.channelAccounts.$inferSelect;
type Slot = typeof tenant.pacingSlots.$inferSelect;

const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

async function lockAccount(tx: Tx, accountId: string): Promise<Account> {
  const [account] = await tx
    .select()
    .from(tenant.channelAccounts)
    .where(eq(tenant.channelAccounts.id, accountId))
    .for("update");
  if (!account) throw new Error(`Channel account ${accountId} not found.`);
  return account;
}

function blocked(account: Account, now: Date, recheckSeconds: number, forRelay = false) {
  // A relay account's actions go through the extension (engine/src/relay), not the workers.
  if (account.relayMode && !forRelay) {
    return { reason: "relay", retryAt: plus(now, recheckSeconds) } as const;
  }
  if (account.status === "reconnect_needed" || account.status === "disconnected") {
    return { reason: account.status, retryAt: plus(now, recheckSeconds) } as const;
  }
  if (account.pausedUntil && account.pausedUntil > now) {
    return { reason: "paused", retryAt: account.pausedUntil } as const;
  }
  return undefined;
}

/** Slots used or booked after `since`, oldest first. */
function slotsSince(tx: Tx, accountId: string, since: Date): Promise<Slot[]> {
  return tx
    .select()
    .from(tenant.pacingSlots)
    .where(
      and(
        eq(tenant.pacingSlots.channelAccountId, accountId),
        gt(tenant.pacingSlots.takenAt, since),
      ),
    )
    .orderBy(asc(tenant.pacingSlots.takenAt), asc(tenant.pacingSlots.id));
}

/** The first moment after every used or booked slot that keeps the window and the gap. */
function nextFree(account: Account, slots: Slot[], now: Date): Date {
  let at = now.getTime();
  const last = slots.at(-1);
  if (last) at = Math.max(at, plus(last.takenAt, last.nextGapSeconds).getTime());
  const max = account.pacingMaxActions;
  const oldest = slots[slots.length - max];
  if (max > 0 && oldest)
    at = Math.max(at, plus(oldest.takenAt, account.pacingWindowSeconds).getTime());
  return new Date(at);
}

/** The random spacing an action leaves before the account's next one. */
function randomGap(request: Pick<SlotRequest, "minGapSeconds" | "maxGapSeconds" | "random">) {
  const random = request.random ?? Math.random;
  return Math.round(
    request.minGapSeconds + random() * (request.maxGapSeconds - request.minGapSeconds),
  );
}

/** Takes one slot for an action now, or books the next one and says when to come back. */
export async function takeSlot(tx: Tx, request: SlotRequest): Promise<Gate> {
  const { accountId, now, listingId, action } = request;
  const account = await lockAccount(tx, accountId);
  const refused = blocked(account, now, request.recheckSeconds, request.forRelay);
  if (refused) {
    // Bookings made before the pause are void: the jobs queue up again when it ends.
    await tx
      .delete(tenant.pacingSlots)
      .where(
        and(
          eq(tenant.pacingSlots.channelAccountId, accountId),
          eq(tenant.pacingSlots.reserved, true),
        ),
      );
    return { ok: false, ...refused };
  }
  if (account.status === "paused") {
    await tx
      .update(tenant.channelAccounts)
      .set({ status: "connected", statusReason: null, pausedUntil: null })
      .where(eq(tenant.channelAccounts.id, accountId));
  }
  const windowStart = plus(now, -account.pacingWindowSeconds);
  const slots = await slotsSince(tx, accountId, windowStart);
  const mine = slots.find((s) => s.reserved && s.listingId === listingId && s.action === action);
  if (mine && mine.takenAt > now)
    return { ok: false, reason: "window_full", retryAt: mine.takenAt };
  if (mine) {
    // Due: use the booking if the window still holds on the times actions really ran.
    const used = slots.filter((s) => !s.reserved && s.takenAt <= now).length;
    await tx.delete(tenant.pacingSlots).where(eq(tenant.pacingSlots.id, mine.id));
    if (used < account.pacingMaxActions) {
      await tx.insert(tenant.pacingSlots).values({
        channelAccountId: accountId,
        listingId,
        action,
        takenAt: now,
        nextGapSeconds: mine.nextGapSeconds,
      });
      return { ok: true, cooldownLevel: account.cooldownLevel };
    }
    slots.splice(slots.indexOf(mine), 1);
  }
  const at = nextFree(account, slots, now);
  const gap = randomGap(request);
  const reserved = at > now;
  await tx.insert(tenant.pacingSlots).values({
    channelAccountId: accountId,
    listingId,
    action,
    takenAt: at,
    nextGapSeconds: gap,
    reserved,
  });
  if (!reserved) return { ok: true, cooldownLevel: account.cooldownLevel };
  const full = slots.length >= account.pacingMaxActions;
  return { ok: false, reason: full ? "window_full" : "spacing", retryAt: at };
}

/**
 * Slots for several actions of one account at once (a worker batch), granted in order while the
 * window and the gaps allow them now. Nothing is granted when the account cannot act, was
 * paused, or has bookings waiting: those jobs take the one-by-one path (takeSlot), which books
 * and reschedules, so waiting jobs keep their turn.
 */
export async function takeSlots(
  tx: Tx,
  request: Omit<SlotRequest, "listingId" | "forRelay"> & { listingIds: string[] },
): Promise<{ granted: number; cooldownLevel: number }> {
  const { accountId, now, action } = request;
  const account = await lockAccount(tx, accountId);
  const none = { granted: 0, cooldownLevel: account.cooldownLevel };
  if (blocked(account, now, request.recheckSeconds) || account.status === "paused") return none;
  const slots = await slotsSince(tx, accountId, plus(now, -account.pacingWindowSeconds));
  if (slots.some((s) => s.reserved)) return none;
  const taken: (typeof tenant.pacingSlots.$inferInsert)[] = [];
  for (const listingId of request.listingIds) {
    if (nextFree(account, slots, now) > now) break;
    const gap = randomGap(request);
    const slot = {
      channelAccountId: accountId,
      listingId,
      action,
      takenAt: now,
      nextGapSeconds: gap,
    };
    taken.push(slot);
    slots.push({ ...slot, id: 0, reserved: false });
  }
  if (taken.length > 0) await tx.insert(tenant.pacingSlots).values(taken);
  return { granted: taken.length, cooldownLevel: account.cooldownLevel };
}

/** When the account's next action may run (for the faces): `now` when it may run at once. */
export async function nextActionAt(tx: Tx, accountId: string, now: Date): Promise<Date> {
  const [account] = await tx
    .select()
    .from(tenant.channelAccounts)
    .where(eq(tenant.channelAccounts.id, accountId));
  if (!account) throw new Error(`Channel account ${accountId} not found.`);
  const refused = blocked(account, now, 0);
  if (refused) return refused.retryAt;
  return nextFree(
    account,
    await slotsSince(tx, accountId, plus(now, -account.pacingWindowSeconds)),
    now,
  );
}

/**
 * Drops slots no window can count any more (a day past the longest window): the table stays
 * the size of the accounts' recent activity. Run by the sales-poll sweep.
 */
export async function pruneSlots(tx: Tx, now: Date): Promise<number> {
  const { rowCount } = await tx.execute(sql`
    DELETE FROM pacing_slots s
    USING channel_accounts a
    WHERE s.channel_account_id = a.id
      AND s.taken_at < ${now.toISOString()}::timestamptz
        - make_interval(secs => a.pacing_window_seconds) - interval '1 day'`);
  return rowCount ?? 0;
}
