// The one interface the publication pipeline calls; one folder per marketplace implements it.
// Retry, pacing, idempotency and logging live in the pipeline, never in a channel.

export type ChannelErrorKind = "retryable" | "permanent" | "account";

/** Why a call failed, in terms the pipeline acts on. */
export type ChannelErrorReason =
  | "network" // connection refused, reset, DNS
  | "timeout"
  | "server" // 5xx
  | "rate_limited" // 429
  | "malformed" // an answer that does not match the protocol
  | "session_expired" // 401: the seller must reconnect
  | "blocked" // 403 anti-bot: stop this account now
  | "validation" // the marketplace refused the listing
  | "mapping" // a Stoflow value has no marketplace id
  | "not_found";

export interface ChannelErrorInit {
  kind: ChannelErrorKind;
  reason: ChannelErrorReason;
  status?: number;
  retryAfterSeconds?: number;
  /** The marketplace's answer, trimmed, never credentials. Kept in publication events. */
  remote?: unknown;
}

export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  readonly reason: ChannelErrorReason;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly remote: unknown;
  /** `message` is written for the seller: it says what happened and what to do. */
  constructor(message: string, init: ChannelErrorInit) {
    super(message);
    this.name = "ChannelError";
    this.kind = init.kind;
    this.reason = init.reason;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.remote = init.remote;
  }
}

/** A seller's marketplace session, decrypted from the vault only for the call. */
export interface ChannelSession {
  domain: string; // e.g. www.vinted.fr
  cookies: Record<string, string>;
  csrfToken: string;
  userAgent: string;
  acceptLanguage?: string;
  userId?: string;
  username?: string;
}

export interface ListingPhoto {
  data: Buffer;
  contentType: string; // image/jpeg, image/png, image/webp
}

/** What a marketplace needs to list one product, with every id already mapped. */
export interface ListingPayload {
  title: string;
  description: string;
  price: string; // decimal string, e.g. "25.00"
  currency: string;
  catalogId: number;
  brandId: number | null;
  brandName: string | null;
  sizeId: number | null;
  statusId: number; // condition
  colorIds: number[];
  packageSizeId: number;
  photos: ListingPhoto[];
}

export const REMOTE_ITEM_STATES = ["active", "hidden", "reserved", "sold", "closed"] as const;
export type RemoteItemState = (typeof REMOTE_ITEM_STATES)[number];

export interface RemoteItem {
  id: string;
  title: string;
  price: string;
  url: string;
  state: RemoteItemState;
}

export interface Channel {
  readonly platform: string;
  /** Items per page of `listItems`: each page is one request, so one pacing slot. */
  readonly itemsPerPage?: number;
  /** Who the session belongs to; a ChannelError "session_expired" when it no longer works. */
  whoAmI(session: ChannelSession): Promise<{ userId: string; username: string }>;
  publish(session: ChannelSession, payload: ListingPayload): Promise<RemoteItem>;
  update(session: ChannelSession, externalId: string, payload: ListingPayload): Promise<RemoteItem>;
  delist(session: ChannelSession, externalId: string): Promise<void>;
  /** Every item of the seller, sold ones included (for sales polling), from a page on. */
  listItems(session: ChannelSession, fromPage?: number): AsyncIterable<RemoteItem>;
  /**
   * Reconciliation: the item an earlier attempt of this publish may already have created
   * (same title and price among the seller's items), so a retry never makes a duplicate.
   */
  findExisting(session: ChannelSession, payload: ListingPayload): Promise<RemoteItem | undefined>;
}
