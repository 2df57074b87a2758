// What the pipeline needs from the rest of the engine, as small functions: the channels, the
// seller's session and the listing payload. Wired to the real modules in pipeline/wiring.ts.
import type { Tx } from "@stoflow/db";
import type { Channel, ChannelSession, ListingPayload } from "../channels/channel.ts";

export interface ChannelRegistry {
  get(platform: string): Channel | undefined;
}

/**
 * The decrypted session of a channel account (read in `tx` when given); throws a ChannelError
 * "session_expired" without one.
 */
export type SessionLoader = (
  tenantId: number,
  accountId: string,
  tx?: Tx,
) => Promise<ChannelSession>;

export type PayloadResult =
  | { ok: true; payload: ListingPayload }
  | { ok: false; problems: string[] };

export interface PayloadOptions {
  /** false: a check only (may it be queued?); the photos' bytes are not read. */
  photos?: boolean;
  /** Read the product in this tenant transaction instead of one of its own. */
  tx?: Tx;
}

/** The listing a product becomes on a platform, or what is missing (mappings, lint errors). */
export type PayloadBuilder = (
  tenantId: number,
  target: { productId: string; platform: string },
  options?: PayloadOptions,
) => Promise<PayloadResult>;

/** Payloads of several products in one tenant transaction, in the order of `targets`. */
export type PayloadBatchBuilder = (
  tenantId: number,
  targets: { productId: string; platform: string }[],
  options: { tx: Tx; photos?: boolean },
) => Promise<PayloadResult[]>;

/** Payloads of several products: the batch builder when there is one, else one by one. */
export function buildPayloads(
  ports: { payloads: PayloadBuilder; payloadsMany?: PayloadBatchBuilder },
  tenantId: number,
  targets: { productId: string; platform: string }[],
  options: { tx: Tx; photos?: boolean },
): Promise<PayloadResult[]> {
  return ports.payloadsMany
    ? ports.payloadsMany(tenantId, targets, options)
    : Promise.all(targets.map((t) => ports.payloads(tenantId, t, options)));
}

export function channelRegistry(channels: Channel[]): ChannelRegistry {
  const byPlatform = new Map(channels.map((c) => [c.platform, c]));
  return { get: (platform) => byPlatform.get(platform) };
}
