import type { tenant } from "@stoflow/db";

export type ListingState = (typeof tenant.LISTING_STATES)[number];
export type ListingAction = "publish" | "update" | "delist";

// The life cycle of ARCHITECTURE.md. A state may also "move" to itself while an action is in
// progress (a retry, a pause): the history records it, the state does not change.
const NEXT: Record<ListingState, readonly ListingState[]> = {
  draft: ["queued", "error"],
  // queued -> updating: a failed edit retried by the seller.
  queued: ["publishing", "updating", "error", "draft", "delisted"],
  publishing: ["publishing", "published", "error"],
  published: ["updating", "delisting", "delisted", "sold"],
  updating: ["updating", "published", "error", "sold"],
  delisting: ["delisting", "delisted", "error", "sold"],
  delisted: ["queued"],
  sold: [],
  error: ["queued", "draft", "delisting", "delisted", "sold"],
};

/** Where each action starts from, and the in-progress state it marks before the remote call. */
export const ACTION_STATES: Record<ListingAction, { from: ListingState[]; busy: ListingState }> = {
  publish: { from: ["queued", "publishing"], busy: "publishing" },
  update: { from: ["queued", "published", "updating"], busy: "updating" },
  delist: { from: ["queued", "published", "updating", "delisting", "error"], busy: "delisting" },
};

export class IllegalTransitionError extends Error {
  readonly from: string;
  readonly to: string;
  constructor(from: string, to: string) {
    super(`A listing cannot go from ${from} to ${to}.`);
    this.name = "IllegalTransitionError";
    this.from = from;
    this.to = to;
  }
}

export function canMove(from: ListingState, to: ListingState): boolean {
  return NEXT[from].includes(to);
}

/** Refuses a move the life cycle does not have. */
export function assertMove(from: ListingState, to: ListingState): void {
  if (!canMove(from, to)) throw new IllegalTransitionError(from, to);
}

/** The states a move to `to` may start from. */
export function statesLeadingTo(to: ListingState): ListingState[] {
  return (Object.keys(NEXT) as ListingState[]).filter((from) => NEXT[from].includes(to));
}
