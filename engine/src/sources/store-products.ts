// Shop products into Stoflow's tables, a page at a time, in the caller's transaction:
// de-duplicated by (source, shop id), last write wins on the shop's modification time, the
// mapping applied, images and variants replaced when a product changes, and products that are
// no longer for sale delisted everywhere.
import { createHash } from "node:crypto";
import { type Tx, tenant } from "@stoflow/db";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Requester } from "../listings/requests.ts";
import { queueListingUpdates } from "../listings/updates.ts";
import type { Plan } from "../plans/plan.ts";
import { lockProductQuota } from "../products/quota.ts";
import { delistEverywhere } from "./delist.ts";
import { type Mapping, mapAttributes } from "./mapping.ts";
import type { SourceProduct } from "./source.ts";

export interface StoreTarget {
  tx: Tx;
  tenantId: number;
  sourceId: string;
  currency: string;
  mapping: Mapping;
  /** The import run that read these products (the deletion sweep's marker); null for webhooks. */
  runId: string | null;
  requester: Requester;
  actor: string; // webhook:<source>, import:<run>
  /** Rewrite products even when the shop's time is not newer (after a mapping edit). */
  force?: boolean;
  /** The shop's plan: products beyond its limit are refused, those already here still update. */
  plan?: Plan;
}

export interface StoreResult {
  written: number;
  skipped: number;
  delisted: number;
  /** New products the plan has no room for. */
  refused: { ref: string; message: string }[];
}

const { products, productImages, productVariants } = tenant;

const statusOf = (p: SourceProduct) =>
  p.state !== "active" ? "draft" : p.quantity > 0 ? "active" : "sold";

/** Within one page the newest copy of a product wins. */
function newestByRef(list: SourceProduct[]): SourceProduct[] {
  const byRef = new Map<string, SourceProduct>();
  for (const p of list) {
    const seen = byRef.get(p.ref);
    if (!seen || seen.updatedAt <= p.updatedAt) byRef.set(p.ref, p);
  }
  return [...byRef.values()];
}

/**
 * SKUs are unique among a tenant's products: a product of ours with the same SKU and no source
 * is adopted (bound to this shop item); one bound elsewhere keeps its SKU and the import drops it.
 */
async function settleSkus(
  t: StoreTarget,
  list: SourceProduct[],
): Promise<Map<string, string | null>> {
  const skuOf = new Map<string, string | null>(list.map((p) => [p.ref, p.sku || null]));
  const wanted = list.filter((p) => p.sku).map((p) => p.sku as string);
  if (wanted.length === 0) return skuOf;
  // One array parameter, not one per SKU: planned in no time whatever the page size.
  const { rows: holders } = await t.tx.execute<{
    id: string;
    sku: string;
    sourceId: string | null;
    ref: string | null;
  }>(sql`SELECT id, sku, source_id AS "sourceId", source_ref AS ref FROM products
    WHERE sku = ANY(${sql.param(wanted)}::text[])`);
  const bySku = new Map(holders.map((h) => [h.sku, h]));
  const used = new Set<string>();
  for (const p of list) {
    if (!p.sku) continue;
    if (used.has(p.sku)) skuOf.set(p.ref, null); // two shop products, one SKU: first one keeps it
    used.add(p.sku);
    const holder = bySku.get(p.sku);
    if (!holder || (holder.sourceId === t.sourceId && holder.ref === p.ref)) continue;
    if (holder.sourceId === null) {
      const [bound] = await t.tx
        .select({ id: products.id })
        .from(products)
        .where(and(eq(products.sourceId, t.sourceId), eq(products.sourceRef, p.ref)));
      if (!bound) {
        await t.tx
          .update(products)
          .set({ sourceId: t.sourceId, sourceRef: p.ref })
          .where(eq(products.id, holder.id));
        continue;
      }
    }
    skuOf.set(p.ref, null);
  }
  return skuOf;
}

function rowOf(t: StoreTarget, p: SourceProduct, sku: string | null) {
  const mapped = mapAttributes(t.mapping, p.attributes);
  return {
    sku,
    title: p.title,
    description: p.description,
    brand: mapped.brand,
    category: p.category,
    size: mapped.size,
    colors: mapped.colors,
    condition: mapped.condition,
    material: mapped.material,
    price: p.price,
    currency: t.currency,
    quantity: Math.max(0, p.quantity),
    status: statusOf(p),
    // The hash tells a real change from a repeat when the shop's times are equal (WooCommerce
    // keeps seconds only): equal time and equal content is a duplicate, nothing is written.
    attributes: { source: { attributes: p.attributes, ...p.extra, hash: contentHash(p) } },
    sourceId: t.sourceId,
    sourceRef: p.ref,
    sourceUpdatedAt: p.updatedAt,
  };
}

function contentHash(p: SourceProduct): string {
  return createHash("sha1").update(JSON.stringify(p)).digest("base64url");
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** Writes a page of shop products; returns what was written, skipped as stale, and delisted. */
export async function storeProducts(t: StoreTarget, page: SourceProduct[]): Promise<StoreResult> {
  const { kept: list, refused } = await withinPlan(t, newestByRef(page));
  if (list.length === 0) return { written: 0, skipped: 0, delisted: 0, refused };
  const skus = await settleSkus(t, list);
  const byRef = new Map(list.map((p) => [p.ref, p]));
  const newer = t.force
    ? sql`true`
    : sql`${products.sourceUpdatedAt} is null
        or ${excluded("source_updated_at")} > ${products.sourceUpdatedAt}
        or (${excluded("source_updated_at")} = ${products.sourceUpdatedAt}
          and ${excluded("attributes")}->'source'->>'hash'
            is distinct from ${products.attributes}->'source'->>'hash')`;
  const written = await t.tx
    .insert(products)
    .values(list.map((p) => rowOf(t, p, skus.get(p.ref) ?? null)))
    .onConflictDoUpdate({
      target: [products.sourceId, products.sourceRef],
      targetWhere: isNotNull(products.sourceRef),
      set: {
        sku: excluded("sku"),
        title: excluded("title"),
        description: excluded("description"),
        brand: excluded("brand"),
        category: excluded("category"),
        size: excluded("size"),
        colors: excluded("colors"),
        condition: excluded("condition"),
        material: excluded("material"),
        price: excluded("price"),
        currency: excluded("currency"),
        quantity: excluded("quantity"),
        status: excluded("status"),
        attributes: excluded("attributes"),
        sourceUpdatedAt: excluded("source_updated_at"),
        revision: sql`${products.revision} + 1`,
        updatedAt: sql`now()`,
      },
      setWhere: newer,
    })
    .returning({
      id: products.id,
      ref: products.sourceRef,
      status: products.status,
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const ids = written.map((w) => w.id);
  if (ids.length > 0) await replaceChildren(t, written, byRef);
  await markSeen(
    t,
    list,
    written.map((w) => w.ref as string),
  );
  const updated = written.filter((w) => !w.inserted && w.status === "active").map((w) => w.id);
  await queueListingUpdates(t.requester.boss, t.tx, t.tenantId, updated);
  const gone = written.filter((w) => w.status !== "active").map((w) => w.id);
  const delisted = await delistEverywhere(t.requester, t.tx, t.tenantId, gone, t.actor);
  return { written: written.length, skipped: list.length - written.length, delisted, refused };
}

/**
 * The plan's product limit, held like product creation holds it (an advisory lock until
 * commit): shop products already imported always update; new ones take the room left.
 */
async function withinPlan(t: StoreTarget, list: SourceProduct[]) {
  const refused: StoreResult["refused"] = [];
  if (!t.plan || t.plan.maxProducts === null || list.length === 0) return { kept: list, refused };
  const quota = await lockProductQuota(t.tx, t.tenantId, t.plan);
  const { rows } = await t.tx.execute<{ ref: string }>(sql`
    SELECT source_ref AS ref FROM products
    WHERE source_id = ${t.sourceId} AND source_ref = ANY(${sql.param(list.map((p) => p.ref))}::text[])`);
  const known = new Set(rows.map((r) => r.ref));
  let room = Math.max(0, (quota.max ?? 0) - quota.current);
  const kept = list.filter((p) => {
    if (known.has(p.ref)) return true;
    if (room > 0) {
      room--;
      return true;
    }
    refused.push({
      ref: p.ref,
      message: `Your plan's limit of ${quota.max} products is reached; upgrade to import more.`,
    });
    return false;
  });
  return { kept, refused };
}

/** Images and variants of the written products, replaced by the shop's. */
async function replaceChildren(
  t: StoreTarget,
  written: { id: string; ref: string | null; inserted: boolean }[],
  byRef: Map<string, SourceProduct>,
) {
  const updatedIds = written.filter((w) => !w.inserted).map((w) => w.id);
  if (updatedIds.length > 0) {
    // Photos the seller uploaded (storage keys) stay; the shop's remote images are replaced.
    await t.tx
      .delete(productImages)
      .where(and(inArray(productImages.productId, updatedIds), isNotNull(productImages.url)));
    await t.tx.delete(productVariants).where(inArray(productVariants.productId, updatedIds));
  }
  const images: (typeof productImages.$inferInsert)[] = [];
  const variants: (typeof productVariants.$inferInsert)[] = [];
  for (const w of written) {
    const p = byRef.get(w.ref as string);
    if (!p) continue;
    p.images.forEach((image, position) => {
      images.push({ productId: w.id, position, url: image.url, alt: image.alt });
    });
    p.variants.forEach((v, position) => {
      const mapped = mapAttributes(t.mapping, v.attributes);
      variants.push({
        productId: w.id,
        sku: v.sku,
        title: v.title,
        size: mapped.size,
        color: mapped.colors[0] ?? null,
        price: v.price,
        quantity: Math.max(0, v.quantity),
        position,
        sourceRef: v.ref,
        attributes: v.attributes,
      });
    });
  }
  // Columns as arrays (unnest): a handful of parameters however many rows.
  if (images.length > 0) {
    const col = <K extends keyof (typeof images)[number]>(k: K) =>
      sql.param(images.map((i) => i[k] ?? null));
    await t.tx.execute(sql`
      INSERT INTO product_images (product_id, position, url, alt)
      SELECT * FROM unnest(${col("productId")}::uuid[], ${col("position")}::int[],
        ${col("url")}::text[], ${col("alt")}::text[])`);
  }
  if (variants.length > 0) {
    const col = <K extends keyof (typeof variants)[number]>(k: K) =>
      sql.param(variants.map((v) => v[k] ?? null));
    await t.tx.execute(sql`
      INSERT INTO product_variants
        (product_id, sku, title, size, color, price, quantity, position, source_ref, attributes)
      SELECT * FROM unnest(${col("productId")}::uuid[], ${col("sku")}::text[], ${col("title")}::text[],
        ${col("size")}::text[], ${col("color")}::text[], ${col("price")}::numeric[],
        ${col("quantity")}::int[], ${col("position")}::int[], ${col("sourceRef")}::text[],
        ${sql.param(variants.map((v) => JSON.stringify(v.attributes ?? {})))}::jsonb[])`);
  }
}

/** source_items: one row per shop product, marked seen by this run (the deletion sweep's input). */
async function markSeen(t: StoreTarget, list: SourceProduct[], writtenRefs: string[]) {
  const refs = list.map((p) => p.ref);
  await t.tx.execute(sql`
    INSERT INTO source_items (source_id, source_ref, product_id, seen_run_id, updated_at)
    SELECT p.source_id, p.source_ref, p.id, ${t.runId}::uuid, now()
    FROM products p
    WHERE p.source_id = ${t.sourceId} AND p.source_ref = ANY(${sql.param(refs)}::text[])
    ON CONFLICT (source_id, source_ref) DO UPDATE SET
      product_id = excluded.product_id,
      seen_run_id = coalesce(excluded.seen_run_id, source_items.seen_run_id),
      deleted_at = CASE WHEN excluded.source_ref = ANY(${sql.param(writtenRefs)}::text[])
        THEN NULL ELSE source_items.deleted_at END,
      updated_at = now()`);
}

/** Marks refs seen by a run without touching their products (products that failed to read). */
export async function touchSeen(t: StoreTarget, refs: string[]) {
  if (refs.length === 0 || !t.runId) return;
  await t.tx.execute(sql`
    UPDATE source_items SET seen_run_id = ${t.runId}::uuid
    WHERE source_id = ${t.sourceId} AND source_ref = ANY(${sql.param(refs)}::text[])`);
}
