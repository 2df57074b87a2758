import { type Tx, tenant } from "@stoflow/db";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { LISTING_EVENTS_CHANNEL, type ListingEvent } from "./events.ts";
import {
  IllegalTransitionError,
  type ListingAction,
  type ListingState,
  statesLeadingTo,
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

/** The listing event every API process hears (NOTIFY, delivered on commit). */
function eventOf(
  tenantId: number,
  listing: Listing,
  from: ListingState,
  move: Note & { to: ListingState },
): ListingEvent {
  return {
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
}

/** Appends the publication event and announces it, in one statement. */
async function record(
  tx: Tx,
  tenantId: number,
  listing: Listing,
  from: ListingState,
  move: Note & { to: ListingState },
): Promise<void> {
  const event = eventOf(tenantId, listing, from, move);
  await tx
    .insert(tenant.publicationEvents)
    .values({
      listingId: move.listingId,
      action: move.action,
      fromState: from,
      toState: move.to,
      actor: move.actor,
      attempt: move.attempt ?? listing.attempts,
      outcome: move.outcome,
      idempotencyKey: move.idempotencyKey,
      response: trimResponse(move.response),
    })
    .returning({
      notified: sql`pg_notify(${LISTING_EVENTS_CHANNEL}, ${JSON.stringify(event)})`,
    });
}

/**
 * The one way a listing changes state: the move is checked against the life cycle, the row
 * locked and updated (one statement), a publication event appended and every API process told
 * (NOTIFY, delivered on commit), all in the caller's transaction.
 */
export async function moveListing(tx: Tx, tenantId: number, move: Move): Promise<Listing> {
  const allowed = statesLeadingTo(move.to).filter((s) => !move.from || move.from.includes(s));
  const old = tx
    .select({ id: tenant.listings.id, state: tenant.listings.state })
    .from(tenant.listings)
    .where(eq(tenant.listings.id, move.listingId))
    .for("update")
    .as("old");
  const [updated] =
    allowed.length === 0
      ? []
      : await tx
          .update(tenant.listings)
          .set({ ...move.set, state: move.to, updatedAt: new Date() })
          .from(old)
          .where(and(eq(tenant.listings.id, old.id), inArray(old.state, allowed)))
          .returning({ ...getTableColumns(tenant.listings), fromState: sql<string>`old.state` });
  if (!updated) {
    const [current] = await tx
      .select({ state: tenant.listings.state })
      .from(tenant.listings)
      .where(eq(tenant.listings.id, move.listingId));
    if (!current) throw new Error(`Listing ${move.listingId} not found.`);
    throw new IllegalTransitionError(current.state, move.to);
  }
  const { fromState, ...listing } = updated;
  await record(tx, tenantId, listing, fromState as ListingState, move);
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
  await record(tx, tenantId, updated, state, { ...note, to: state });
  return updated;
}
