// The pipeline's ports wired to the engine's modules: the Vinted channel, the vault's
// sessions, and the mapping resolver with the product's photos.
import { buffer } from "node:stream/consumers";
import { withTenant } from "@stoflow/db";
import { loadChannelSession } from "../channel-accounts/session.ts";
import type { ListingPhoto } from "../channels/channel.ts";
import { createVintedChannel } from "../channels/vinted/index.ts";
import type { EngineContext } from "../context.ts";
import { lintVintedListing } from "../listings/lint.ts";
import { resolveVintedPayload } from "../mappings/vinted.ts";
import { mediaKey } from "../products/image-ref.ts";
import type { Product } from "../products/output.ts";
import { findProduct, findProducts } from "../products/repository.ts";
import { imageStorageFor } from "../products/storage/image-storage.ts";
import type { PipelineDeps } from "./pipeline.ts";
import {
  channelRegistry,
  type PayloadBatchBuilder,
  type PayloadBuilder,
  type PayloadOptions,
  type PayloadResult,
} from "./ports.ts";

type Ctx = Pick<EngineContext, "config" | "database" | "vault">;

/** The ports as the configuration says: `STOFLOW_VINTED_URL` sends Vinted calls to a sandbox. */
export function configuredPorts(ctx: Ctx): PipelineDeps {
  const vintedUrl = ctx.config.vintedUrl;
  return enginePorts(ctx, vintedUrl ? { vintedBaseUrlFor: (d) => `${vintedUrl}/${d}` } : {});
}

async function photoOf(ctx: Ctx, url: string): Promise<ListingPhoto> {
  const key = mediaKey(url);
  if (key) {
    const stored = await imageStorageFor(ctx.config).get(key);
    if (!stored) throw new Error(`Image ${key} is missing from storage.`);
    return { data: await buffer(stored.body), contentType: stored.contentType };
  }
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  if (!res.ok) throw new Error(`Image ${url} answered ${res.status}.`);
  return {
    data: Buffer.from(await res.arrayBuffer()),
    contentType: res.headers.get("content-type") ?? "image/jpeg",
  };
}

/** Stands for a photo in a check-only payload: counted, never sent. */
const UNREAD_PHOTO: ListingPhoto = { data: Buffer.alloc(0), contentType: "image/jpeg" };

async function vintedPayloadOf(
  ctx: Ctx,
  product: Product,
  options: PayloadOptions,
): Promise<PayloadResult> {
  // Lint errors and unmapped values block; the seller sees every one of them at once.
  const lint = lintVintedListing({ ...product, photoCount: product.images.length });
  const photos =
    options.photos === false
      ? product.images.map(() => UNREAD_PHOTO)
      : await Promise.all(product.images.map((image) => photoOf(ctx, image.url)));
  const result = await resolveVintedPayload(ctx.database.db, product, photos, options.tx);
  const problems = [
    ...lint.errors.map((e) => e.message),
    ...(result.ok ? [] : result.missing.map((m) => `${m.field}: ${m.message}.`)),
  ];
  if (!result.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, payload: result.payload };
}

const NOT_YET = (platform: string): PayloadResult => ({
  ok: false,
  problems: [`Stoflow cannot publish on ${platform} yet.`],
});
const GONE: PayloadResult = { ok: false, problems: ["The product no longer exists."] };

export function vintedPayloads(ctx: Ctx): PayloadBuilder {
  return async (tenantId, { productId, platform }, options = {}) => {
    if (platform !== "vinted") return NOT_YET(platform);
    const product = options.tx
      ? await findProduct(options.tx, productId)
      : await withTenant(ctx.database.db, tenantId, (tx) => findProduct(tx, productId));
    return product ? vintedPayloadOf(ctx, product, options) : GONE;
  };
}

/** The same payloads for a worker batch: the products are read in one statement. */
export function vintedPayloadsMany(ctx: Ctx): PayloadBatchBuilder {
  return async (_tenantId, targets, { tx, photos }) => {
    const products = await findProducts(tx, [...new Set(targets.map((t) => t.productId))]);
    return Promise.all(
      targets.map(({ productId, platform }) => {
        if (platform !== "vinted") return NOT_YET(platform);
        const product = products.get(productId);
        return product ? vintedPayloadOf(ctx, product, { tx, photos }) : GONE;
      }),
    );
  };
}

/** The real ports. `vintedBaseUrlFor` points the channel at the sandbox. */
export function enginePorts(
  ctx: Ctx,
  options: { vintedBaseUrlFor?: (domain: string) => string } = {},
): PipelineDeps {
  return {
    channels: channelRegistry([createVintedChannel({ baseUrlFor: options.vintedBaseUrlFor })]),
    sessions: (tenantId, accountId, tx) => loadChannelSession(ctx, tenantId, accountId, tx),
    payloads: vintedPayloads(ctx),
    payloadsMany: vintedPayloadsMany(ctx),
  };
}
