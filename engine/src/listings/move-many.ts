// moveListing for many listings at once, in one statement: the guarded update, the publication
// events and their NOTIFY. Used by the workers' batches; one listing still goes by moveListing.
import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { LISTING_EVENTS_CHANNEL } from "./events.ts";
import { type ListingState, statesLeadingTo } from "./lifecycle.ts";
import { type EventAction, type Outcome, trimResponse } from "./transition.ts";

// The columns a batch may set, with their SQL names and types (identifiers never come from input).
const COLUMNS = {
  attempts: ["attempts", "int"],
  externalId: ["external_id", "text"],
  url: ["url", "text"],
  title: ["title", "text"],
  description: ["description", "text"],
  price: ["price", "numeric"],
  currency: ["currency", "text"],
  publishedRevision: ["published_revision", "int"],
  publishedAt: ["published_at", "timestamptz"],
  delistedAt: ["delisted_at", "timestamptz"],
  lastError: ["last_error", "text"],
  lastErrorKind: ["last_error_kind", "text"],
} as const;

type Column = keyof typeof COLUMNS;
export type ManySet = Partial<Record<Column, string | number | Date | null | undefined>>;

export interface ManyMove {
  to: ListingState;
  /** The states the caller expects; a listing found in any other is left alone. */
  from: readonly ListingState[];
  action: EventAction;
  actor: string;
  outcome: Outcome;
  /** The listings' updated_at and the events' time; now by default. */
  at?: Date;
  /** Every row sets the same columns (those of the first). */
  rows: {
    listingId: string;
    attempt: number;
    idempotencyKey?: string;
    response?: unknown;
    set: ManySet;
  }[];
}

const encode = (value: ManySet[Column]) =>
  value instanceof Date ? value.toISOString() : (value ?? null);

/** Moves the listings that are in an allowed state; returns the ids it moved. */
export async function moveListings(tx: Tx, tenantId: number, move: ManyMove): Promise<Set<string>> {
  const first = move.rows[0];
  if (!first) return new Set();
  const allowed = statesLeadingTo(move.to).filter((s) => move.from.includes(s));
  const columns = (Object.keys(first.set) as Column[]).map((k) => COLUMNS[k]);
  const rows = move.rows.map((r) => ({
    id: r.listingId,
    attempt: r.attempt,
    key: r.idempotencyKey ?? null,
    response: trimResponse(r.response),
    ...Object.fromEntries(
      (Object.keys(first.set) as Column[]).map((k) => [COLUMNS[k][0], encode(r.set[k])]),
    ),
  }));
  const types = sql.raw(columns.map(([name, type]) => `, ${name} ${type}`).join(""));
  const assigns = sql.raw(columns.map(([name]) => `, ${name} = v.${name}`).join(""));
  const at = (move.at ?? new Date()).toISOString();
  const { rows: moved } = await tx.execute<{ id: string }>(sql`
    WITH v AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS v(id uuid, attempt int, key text, response jsonb${types})
    ), upd AS (
      UPDATE listings l SET state = ${move.to}, updated_at = ${at}::timestamptz${assigns}
      FROM v, (SELECT id, state FROM listings WHERE id IN (SELECT id FROM v) FOR UPDATE) old
      WHERE l.id = v.id AND old.id = l.id AND old.state = ANY(${sql.param(allowed)}::text[])
      RETURNING l.id, l.product_id, l.platform, l.last_error, old.state AS from_state,
        v.attempt, v.key, v.response
    ), ev AS (
      INSERT INTO publication_events
        (listing_id, action, from_state, to_state, actor, attempt, outcome, idempotency_key, response)
      SELECT id, ${move.action}, from_state, ${move.to}, ${move.actor}, attempt, ${move.outcome},
        key, response
      FROM upd
    )
    SELECT id, pg_notify(${LISTING_EVENTS_CHANNEL}, json_build_object(
      'tenantId', ${tenantId}::int, 'listingId', id, 'productId', product_id,
      'platform', platform, 'from', from_state, 'to', ${move.to}::text,
      'action', ${move.action}::text, 'outcome', ${move.outcome}::text, 'attempt', attempt,
      'error', left(last_error, 500), 'at', ${at}::text)::text)
    FROM upd`);
  return new Set(moved.map((r) => r.id));
}
