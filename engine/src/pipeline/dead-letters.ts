// Jobs pg-boss gave up on. A classified failure has already put its listing in error; a job
// that lands here with its listing still queued or in progress was cut short (worker killed,
// expired, crashed) and never settled. Such a job is sent again, a few times, so a crash never
// loses a publish; past that the listing goes to error with the reason, for the seller to retry.
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { Job } from "pg-boss";
import { idempotencyKey } from "../listings/idempotency.ts";
import { ACTION_STATES } from "../listings/lifecycle.ts";
import { moveListing, noteListing } from "../listings/transition.ts";
import { type ActionJob, sendAction } from "./queues.ts";
import type { ActionRuntime } from "./run-action.ts";

/** Times an interrupted action is sent again before its listing is put in error. */
export const MAX_REQUEUES = 3;

export type DeadLetterOutcome = "requeued" | "failed" | "settled" | "ignored";

function isActionJob(data: unknown): data is ActionJob {
  const job = data as Partial<ActionJob> | null;
  return typeof job?.listingId === "string" && typeof job.action === "string";
}

export async function handleDeadLetter(
  rt: ActionRuntime,
  job: Job<unknown>,
): Promise<DeadLetterOutcome> {
  // Sales polls need no rescue: the next sweep queues them again.
  if (!isActionJob(job.data)) return "ignored";
  const data = job.data;
  const states = ACTION_STATES[data.action];
  const [listing] = await withTenant(rt.db, data.tenantId, (tx) =>
    tx
      .select({ state: tenant.listings.state })
      .from(tenant.listings)
      .where(eq(tenant.listings.id, data.listingId)),
  );
  // An edit that never started leaves its listing published: it still has to reach the item.
  const unsettled =
    listing &&
    (listing.state === states.busy ||
      listing.state === "queued" ||
      (data.action === "update" && listing.state === "published"));
  if (!unsettled) return "settled";
  const requeues = data.requeues ?? 0;
  const log = rt.log.child({ tenantId: data.tenantId, listingId: data.listingId });
  if (requeues < MAX_REQUEUES) {
    await sendAction(rt.boss, { ...data, requeues: requeues + 1 });
    log.warn({ action: data.action, requeues: requeues + 1 }, "Interrupted action sent again");
    return "requeued";
  }
  const message = `Stoflow was interrupted ${requeues + 1} times while running this ${data.action}; retry it when ready.`;
  const record = {
    listingId: data.listingId,
    action: data.action,
    actor: "worker",
    outcome: "failed" as const,
    idempotencyKey: idempotencyKey(data.listingId, data.action, data.revision),
    response: { message },
    set: { lastError: message, lastErrorKind: "interrupted" },
  };
  await withTenant(rt.db, data.tenantId, (tx) =>
    // A live item whose edit never started stays live, with the reason shown.
    listing.state === "published"
      ? noteListing(tx, data.tenantId, record)
      : moveListing(tx, data.tenantId, { ...record, to: "error" }),
  );
  log.error({ action: data.action }, "Interrupted action given up");
  return "failed";
}
