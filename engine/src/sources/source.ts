// The one interface every shop (catalog source) implements; one folder per shop
// (sources/woocommerce/, sources/shopify/). The import runner, the webhook endpoint and the
// stock write-back worker call it; retries, de-duplication, last-write-wins, progress, delists
// and storage live once, in sources/, never in a provider.
//
// How a provider plugs in:
// 1. `sources/<kind>/index.ts` exports `create<Kind>Source(options): Source`.
// 2. `sources/registry.ts` lists it in `configuredSources()` (and `SOURCE_KINDS` of the tenant
//    schema already knows the kind).
// 3. Its connect operation (api/sources/<kind>.ts) calls `connectSource()` (sources/connect.ts)
//    with the credentials it obtained; they go to the vault, never elsewhere.
// 4. Everything else is generic: `readPage` feeds import runs (full and incremental), the
//    delivery endpoint `POST /api/v1/webhooks/sources/{tenantId}/{sourceId}` hands the raw body
//    to `verifyWebhook` then `parseWebhook`, and a sale on a marketplace calls `writeStock`.
//
// Providers speak in shop terms (raw attribute names and values); sources/mapping.ts turns
// attributes into brand/size/colours/condition/material with the source's editable mapping.

export type SourceKind = "woocommerce" | "shopify";

export type SourceErrorKind =
  | "retryable" // network, timeout, 5xx, 429, truncated answer: try again later
  | "auth" // credentials refused or revoked: the seller must reconnect
  | "permanent"; // the shop refused this request; retrying changes nothing

/** A failure in terms the runner acts on; `message` is written for the seller. */
export class SourceError extends Error {
  readonly kind: SourceErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    message: string,
    init: { kind: SourceErrorKind; status?: number; retryAfterSeconds?: number },
  ) {
    super(message);
    this.name = "SourceError";
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** One connected shop, credentials decrypted from the vault only for the call. */
export interface SourceConnection {
  tenantId: number;
  sourceId: string;
  kind: SourceKind;
  /** Store URL (WooCommerce) or myshopify domain (Shopify). */
  baseUrl: string;
  /** Provider-defined (consumer key/secret and webhook secret, access token...). */
  credentials: Record<string, string>;
  /** ISO 4217 code of the shop's prices. */
  currency: string;
}

export interface SourceImage {
  url: string;
  alt: string | null;
}

export interface SourceVariant {
  ref: string; // the variant's id at the shop
  sku: string | null;
  title: string | null;
  price: string | null; // decimal string
  quantity: number;
  /** Raw option name -> value (e.g. {"Size": "M", "Colour": "Blue"}). */
  attributes: Record<string, string>;
}

/** A product as the shop has it; prices are decimal strings, text is plain (no HTML). */
export interface SourceProduct {
  ref: string; // the product's id at the shop
  /** The shop's own modification time: last write wins on it. */
  updatedAt: Date;
  sku: string | null;
  title: string;
  description: string;
  price: string;
  /** Units available (sum of the variants' for a product with variants). */
  quantity: number;
  /** `inactive`: exists at the shop but not for sale (draft, private, archived). */
  state: "active" | "inactive";
  category: string | null; // the most specific category name
  /** Raw attribute name -> values, incl. what the shop has as fields (e.g. Shopify's vendor). */
  attributes: Record<string, string[]>;
  images: SourceImage[];
  variants: SourceVariant[];
  /** Provider facts kept as is under products.attributes.source (type, slug, tags...). */
  extra?: Record<string, unknown>;
}

/** Where an import stands, JSON-serialisable, opaque to the runner; `{}` is the start. */
export type ImportCursor = Record<string, unknown>;

export interface PageRequest {
  kind: "full" | "incremental";
  cursor: ImportCursor;
  /** incremental: changes since this time (the previous successful sync's start). */
  since?: Date;
  signal?: AbortSignal;
}

export interface ImportPage {
  products: SourceProduct[];
  /** Products the shop listed but that could not be read whole; counted as failed. */
  failures: { ref: string; message: string }[];
  /** Products deleted at the shop, when the listing reports them (full imports sweep too). */
  deleted?: { ref: string; at: Date }[];
  /** Where the next page starts; null after the last page. */
  next: ImportCursor | null;
  /** How many products the whole import has, when the shop says (X-WP-Total, counts...). */
  total?: number;
}

/** A webhook delivery as received: the raw bytes are what signatures cover. */
export interface WebhookDelivery {
  rawBody: Buffer;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
}

export interface OrderLine {
  productRef: string;
  variantRef: string | null;
  quantity: number;
}

export type SourceEvent =
  | { type: "ping" }
  | { type: "product.upsert"; product: SourceProduct }
  | { type: "product.deleted"; ref: string; at: Date }
  | { type: "order.created"; orderRef: string; at: Date; lines: OrderLine[] }
  | {
      type: "stock.set";
      productRef: string;
      variantRef: string | null;
      quantity: number;
      at: Date;
    }
  | { type: "ignored"; reason: string };

export interface RegisteredWebhook {
  topic: string;
  externalId: string;
}

export interface StockWrite {
  productRef: string;
  variantRef: string | null;
  /** The absolute quantity Stoflow now has (absolute, so a retried write is harmless). */
  quantity: number;
}

export interface Source {
  readonly kind: SourceKind;
  /** The shop's name and currency; a SourceError "auth" when the credentials do not work. */
  describe(
    conn: SourceConnection,
    signal?: AbortSignal,
  ): Promise<{ label: string; currency: string }>;
  /**
   * One page of a full or incremental import, starting at `cursor`. Pages are the stream:
   * the runner stores `next` with the page's products in one transaction, so a crash resumes
   * after the last stored page, and it holds at most a couple of pages in memory.
   */
  readPage(conn: SourceConnection, request: PageRequest): Promise<ImportPage>;
  /** Subscribes the shop's webhooks (products, orders, stock) to `deliveryUrl`. */
  registerWebhooks(conn: SourceConnection, deliveryUrl: string): Promise<RegisteredWebhook[]>;
  /** Removes them (disconnect); missing ones are not an error. */
  unregisterWebhooks(conn: SourceConnection, webhooks: RegisteredWebhook[]): Promise<void>;
  /** True when the delivery is signed by the shop (constant-time compare on the raw body). */
  verifyWebhook(conn: SourceConnection, delivery: WebhookDelivery): boolean;
  /** What a verified delivery means; may call the shop (e.g. to read a product's variants). */
  parseWebhook(conn: SourceConnection, delivery: WebhookDelivery): Promise<SourceEvent[]>;
  /**
   * Of `refs` (products a finished full import did not see), the ones really gone at the shop:
   * a product moved between pages while the import ran is not deleted. Optional; without it,
   * unseen means gone.
   */
  confirmGone?(conn: SourceConnection, refs: string[]): Promise<string[]>;
  /** Sets the shop's stock of a product (or variant) after a sale on a marketplace. */
  writeStock(conn: SourceConnection, write: StockWrite): Promise<void>;
}
