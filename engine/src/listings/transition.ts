import { type Tx, tenant } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import { LISTING_EVENTS_CHANNEL, type ListingEvent } from "./events.ts";
import {
  assertMove,
  IllegalTransitionError,
  type ListingAction,
  type ListingState,
} from "./lifecycle.ts";

export type Listing = typeof tenant.listings.$inferSelect;
export type EventAction = ListingAction | "sold" | "reconcile" | "lint";
export type Outcome =
  | "ok"
  | "queued"
  | "started"
  | "retry"
  | "failed"
  | "reconciled"
  | "paused"
  | "blocked";

export interface Move {
  listingId: string;
  to: ListingState;
  /** The states the caller expects the listing in; anything else is refused (a stale job). */
  from?: readonly ListingState[];
  action: EventAction;
  actor: string; // user:<uuid>, api_key:<uuid>, worker
  outcome: Outcome;
  attempt?: number;
  idempotencyKey?: string;
  /** The marketplace's answer or the error, trimmed before it is stored. */
  response?: unknown;
  /** Columns changed with the state (external id, last error, ...). */
  set?: Partial<Omit<typeof tenant.listings.$inferInsert, "id" | "state">>;
}

const MAX_RESPONSE_CHARS = 2_000;

/** The marketplace's answer as stored: small enough for a history row, never a whole page. */
export function trimResponse(response: unknown): unknown {
  if (response === undefined || response === null) return null;
  const text = typeof response === "string" ? response : JSON.stringify(response);
  if (text === undefined) return null;
  if (text.length <= MAX_RESPONSE_CHARS) {
    return typeof response === "string" ? { message: response } : response;
  }
  return { truncated: text.slice(0, MAX_RESPONSE_CHARS) };
}

/**
 * The one way a listing changes state: the move is checked against the life cycle, the row
 * locked and updated, a publication event appended and every API process told (NOTIFY,
 * delivered on commit), all in the caller's transaction.
 */
export async function moveListing(tx: Tx, tenantId: number, move: Move): Promise<Listing> {
  const [current] = await tx
    .select()
    .from(tenant.listings)
    .where(eq(tenant.listings.id, move.listingId))
    .for("update");
  if (!current) throw new Error(`Listing ${move.listingId} not found.`);
  const from = current.state as ListingState;
  if (move.from && !move.from.includes(from)) throw new IllegalTransitionError(from, move.to);
  assertMove(from, move.to);
  const [updated] = await tx
    .update(tenant.listings)
    .set({ ...move.set, state: move.to, updatedAt: new Date() })
    .where(eq(tenant.listings.id, move.listingId))
    .returning();
  const listing = updated as Listing;
  await tx.insert(tenant.publicationEvents).values({
    listingId: move.listingId,
    action: move.action,
    fromState: from,
    toState: move.to,
    actor: move.actor,
    attempt: move.attempt ?? listing.attempts,
    outcome: move.outcome,
    idempotencyKey: move.idempotencyKey,
    response: trimResponse(move.response),
  });
  const event: ListingEvent = {
    tenantId,
    listingId: listing.id,
    productId: listing.productId,
    platform: listing.platform,
    from,
    to: move.to,
    action: move.action,
    outcome: move.outcome,
    attempt: move.attempt ?? listing.attempts,
    error: listing.lastError?.slice(0, 500) ?? null,
    at: new Date().toISOString(),
  };
  await tx.execute(sql`SELECT pg_notify(${LISTING_EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
  return listing;
}

export type Note = Omit<Move, "to" | "from">;

/**
 * Records something that happened to a listing without moving it (an update its product's
 * lint refuses): columns set, a publication event from and to the current state, NOTIFY.
 */
export async function noteListing(tx: Tx, tenantId: number, note: Note): Promise<Listing> {
  const [updated] = await tx
    .update(tenant.listings)
    .set({ ...note.set, updatedAt: new Date() })
    .where(eq(tenant.listings.id, note.listingId))
    .returning();
  if (!updated) throw new Error(`Listing ${note.listingId} not found.`);
  const state = updated.state as ListingState;
  await tx.insert(tenant.publicationEvents).values({
    listingId: note.listingId,
    action: note.action,
    fromState: state,
    toState: state,
    actor: note.actor,
    attempt: note.attempt ?? updated.attempts,
    outcome: note.outcome,
    idempotencyKey: note.idempotencyKey,
    response: trimResponse(note.response),
  });
  const event: ListingEvent = {
    tenantId,
    listingId: updated.id,
    productId: updated.productId,
    platform: updated.platform,
    from: state,
    to: state,
    action: note.action,
    outcome: note.outcome,
    attempt: note.attempt ?? updated.attempts,
    error: updated.lastError?.slice(0, 500) ?? null,
    at: new Date().toISOString(),
  };
  await tx.execute(sql`SELECT pg_notify(${LISTING_EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
  return updated;
}
