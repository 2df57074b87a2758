// Sales polls of relay accounts, read by the seller's browser: the account's own
// `listing.poll-sales` job (queued by the sweep, like every account's) is the poll that is
// due; the handout gives the browser one wardrobe page of it per pacing slot, and the report
// applies the sale logic the workers apply (pipeline/sales.ts). The job carries the cursor
// (next page, watched ids not seen yet, lease), so a poll resumes where it stopped.
import { type Tx, tenant } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import { fromDrizzle } from "pg-boss";
import type { RemoteItemState } from "../channels/channel.ts";
import { WARDROBE_PAGE_SIZE } from "../channels/vinted/wardrobe-page.ts";
import { problems } from "../http/problem.ts";
import type { Requester } from "../listings/requests.ts";
import { takeSlot } from "../pipeline/pacing.ts";
import {
  type PollCursor,
  type PollJob,
  pollKey,
  RELAY_POLL_HOLD_SECONDS,
} from "../pipeline/poll-sales.ts";
import { bossJobs, bossJobsExist, POLL_SALES_QUEUE } from "../pipeline/queues.ts";
import { markPolled, recordSale, watchedListings } from "../pipeline/sales.ts";
import { type AccountRefusal, refuseAccount } from "./outcome.ts";
import { relayAccount } from "./pending.ts";
import { RELAY_LEASE_SECONDS, type RelayRuntime } from "./runtime.ts";

/** A wardrobe page to read and report (`action: "poll-sales"`). */
export interface HandedPoll {
  id: string;
  accountId: string;
  domain: string;
  action: "poll-sales";
  /** The seller's Vinted user id, whose wardrobe is read. */
  userId: string;
  page: number;
  perPage: number;
}

export type PollReport =
  | {
      outcome: "read";
      items: { id: string; state: RemoteItemState }[];
      totalPages: number;
    }
  | { outcome: "failed"; kind: "retryable" | "permanent"; message: string; status?: number }
  | AccountRefusal;

/** A poll reads at most this many pages, like the channel's loop guard. */
const MAX_PAGES = 1000;

export const RELAY_POLL_ID = /^poll-sales:([0-9a-f-]{36}):(\d{1,4})$/;
const pollId = (accountId: string, page: number) => `poll-sales:${accountId}:${page}`;

interface WaitingPoll {
  jobId: string;
  job: PollJob;
  accountId: string;
  domain: string | null;
  userId: string | null;
}

/** The waiting sales polls of the shop's relay accounts, oldest first. */
export async function waitingRelayPolls(tx: Tx, tenantId: number): Promise<WaitingPoll[]> {
  if (!(await bossJobsExist(tx))) return [];
  const { rows } = await tx.execute<{
    id: string;
    data: PollJob;
    account_id: string;
    domain: string | null;
    external_user_id: string | null;
  }>(sql`
    SELECT j.id, j.data, a.id AS account_id, a.domain, a.external_user_id
    FROM ${bossJobs} j
    JOIN ${tenant.channelAccounts} a ON a.id = (j.data->>'accountId')::uuid
    WHERE j.name = ${POLL_SALES_QUEUE}
      AND j.state IN ('created', 'retry')
      AND (j.data->>'tenantId')::int = ${tenantId}
      AND ${relayAccount}
    ORDER BY j.created_on, j.id`);
  return rows.map((r) => ({
    jobId: r.id,
    job: r.data,
    accountId: r.account_id,
    domain: r.domain,
    userId: r.external_user_id,
  }));
}

/** The account's waiting poll, read under the account's lock (taken by the caller). */
async function waitingPollOf(
  tx: Tx,
  tenantId: number,
  accountId: string,
): Promise<{ jobId: string; job: PollJob } | undefined> {
  if (!(await bossJobsExist(tx))) return undefined;
  const { rows } = await tx.execute<{ id: string; data: PollJob }>(sql`
    SELECT j.id, j.data FROM ${bossJobs} j
    WHERE j.name = ${POLL_SALES_QUEUE} AND j.singleton_key = ${pollKey(tenantId, accountId)}
      AND j.state IN ('created', 'retry')
    ORDER BY j.created_on DESC LIMIT 1
    FOR UPDATE`); // a worker's fetch skips a locked job

  const row = rows[0];
  return row && { jobId: row.id, job: row.data };
}

async function lockRelayAccount(tx: Tx, accountId: string) {
  const [account] = await tx
    .select()
    .from(tenant.channelAccounts)
    .where(eq(tenant.channelAccounts.id, accountId))
    .for("update");
  return account;
}

function requesterOf(rt: RelayRuntime): Requester {
  if (!rt.requester) throw new Error("Sales polls need the job queue (the publishing pipeline).");
  return rt.requester;
}

/**
 * Replaces the waiting poll job with one carrying the new cursor, through pg-boss in the
 * caller's transaction; `null` ends the poll. No worker looks at it for a while: it only
 * would hand a relay account's poll back to the queue.
 */
async function moveCursor(
  rt: RelayRuntime,
  tx: Tx,
  waiting: { jobId: string; job: PollJob },
  cursor: PollCursor | null,
  now: Date,
): Promise<void> {
  const r = requesterOf(rt);
  const db = fromDrizzle(tx, sql);
  await r.boss.deleteJob(POLL_SALES_QUEUE, waiting.jobId, { db });
  if (!cursor) return;
  const { tenantId, accountId } = waiting.job;
  await r.boss.send(POLL_SALES_QUEUE, { tenantId, accountId, cursor } satisfies PollJob, {
    singletonKey: pollKey(tenantId, accountId),
    startAfter: new Date(now.getTime() + RELAY_POLL_HOLD_SECONDS * 1000),
    db,
  });
}

const leased = (cursor: PollCursor | undefined, now: Date) =>
  cursor?.handedAt !== undefined &&
  Date.parse(cursor.handedAt) > now.getTime() - RELAY_LEASE_SECONDS * 1000;

export type PollHandout =
  | { kind: "handed"; poll: HandedPoll }
  | { kind: "wait"; retryAt: Date }
  | { kind: "none" };

/**
 * Hands out the next page of the account's waiting poll when pacing allows: one slot per page,
 * the budget the account's listing actions use. Nothing watched: the poll ends, no slot spent.
 */
export async function handOutPoll(
  rt: RelayRuntime,
  tx: Tx,
  tenantId: number,
  candidate: WaitingPoll,
  now: Date,
): Promise<PollHandout> {
  const account = await lockRelayAccount(tx, candidate.accountId);
  if (!account?.relayMode || !candidate.domain || !candidate.userId) return { kind: "none" };
  const waiting = await waitingPollOf(tx, tenantId, candidate.accountId);
  if (!waiting || leased(waiting.job.cursor, now)) return { kind: "none" };
  const watched = await watchedListings(tx, candidate.accountId);
  if (watched.size === 0) {
    await moveCursor(rt, tx, waiting, null, now);
    return { kind: "none" };
  }
  const gate = await takeSlot(tx, {
    accountId: candidate.accountId,
    now,
    listingId: null,
    action: "poll",
    minGapSeconds: rt.settings.minGapSeconds,
    maxGapSeconds: rt.settings.maxGapSeconds,
    recheckSeconds: rt.settings.reconnectRecheckSeconds,
    forRelay: true,
  });
  if (!gate.ok) return { kind: "wait", retryAt: gate.retryAt };
  const page = waiting.job.cursor?.page ?? 1;
  await moveCursor(
    rt,
    tx,
    waiting,
    { ...waiting.job.cursor, page, handedAt: now.toISOString() },
    now,
  );
  return {
    kind: "handed",
    poll: {
      id: pollId(candidate.accountId, page),
      accountId: candidate.accountId,
      domain: candidate.domain,
      action: "poll-sales",
      userId: candidate.userId,
      page,
      perPage: WARDROBE_PAGE_SIZE,
    },
  };
}

export interface PollApplied {
  /** Listings this page marked sold. */
  sold: number;
  /** The poll ended (every watched item seen, or the pages ran out); else the next page waits. */
  done: boolean;
}

/** Applies what the browser read on a handed page, as a worker's poll would. */
export async function applyPollReport(
  rt: RelayRuntime,
  tx: Tx,
  device: { tenantId: number; deviceId: string },
  id: string,
  report: PollReport,
): Promise<PollApplied> {
  const match = RELAY_POLL_ID.exec(id);
  if (!match) throw problems.notFound("Relay sales poll");
  const accountId = match[1] as string;
  const page = Number(match[2]);
  const now = rt.now();
  const account = await lockRelayAccount(tx, accountId);
  if (account?.platform !== "vinted") throw problems.notFound("Relay sales poll");
  const waiting = await waitingPollOf(tx, device.tenantId, accountId);
  const cursor = waiting?.job.cursor;
  if (!waiting || !account.relayMode || cursor?.page !== page || !cursor.handedAt) {
    throw problems.conflict(
      "relay-poll-stale",
      "This sales poll is no longer waiting for this browser; ask for the next action.",
    );
  }
  const open = { page, ...(cursor.unseen ? { unseen: cursor.unseen } : {}) };
  switch (report.outcome) {
    case "read":
      break;
    case "failed":
      // A page that cannot be read now is read again; a permanent answer ends this poll
      // (the next sweep polls again), as the workers do.
      await moveCursor(rt, tx, waiting, report.kind === "permanent" ? null : open, now);
      return { sold: 0, done: report.kind === "permanent" };
    default:
      await refuseAccount(tx, rt, accountId, report, now);
      await moveCursor(rt, tx, waiting, open, now);
      return { sold: 0, done: false };
  }
  const watched = await watchedListings(tx, accountId);
  const unseen = new Set((cursor.unseen ?? [...watched.keys()]).filter((i) => watched.has(i)));
  const actor = `device:${device.deviceId}`;
  let sold = 0;
  for (const item of report.items) {
    const listingId = watched.get(item.id);
    if (!listingId) continue; // not one of this account's listings: nothing to do with it
    unseen.delete(item.id);
    if (item.state !== "sold") continue;
    const r = requesterOf(rt);
    if (await recordSale(r, tx, device.tenantId, listingId, item, { actor, at: now })) sold++;
  }
  const done =
    unseen.size === 0 ||
    report.items.length === 0 ||
    page >= report.totalPages ||
    page >= MAX_PAGES;
  if (done) await markPolled(tx, accountId, now);
  await moveCursor(rt, tx, waiting, done ? null : { page: page + 1, unseen: [...unseen] }, now);
  return { sold, done };
}
