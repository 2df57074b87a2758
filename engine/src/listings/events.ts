/** PostgreSQL NOTIFY channel carrying every listing transition, from any worker to any API. */
export const LISTING_EVENTS_CHANNEL = "stoflow_listing_events";

/** What a face receives for each transition (the server-sent event's data). */
export interface ListingEvent {
  tenantId: number;
  listingId: string;
  productId: string;
  platform: string;
  from: string;
  to: string;
  action: string;
  outcome: string;
  attempt: number;
  error: string | null;
  at: string;
}
