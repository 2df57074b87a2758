import type { ListingAction } from "./lifecycle.ts";

/** One marketplace action on one listing for one product revision: the job's singleton key. */
export function idempotencyKey(listingId: string, action: ListingAction, revision: number): string {
  return `${listingId}:${action}:${revision}`;
}
