import { type Tx, tenant } from "@stoflow/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { HttpProblem } from "../http/problem.ts";
import { mediaKey } from "./image-ref.ts";
import { MAX_IMAGES_PER_PRODUCT } from "./input.ts";

const { productImages } = tenant;

interface ImageRow {
  id: string;
  url: string | null;
  storageKey: string | null;
  position: number;
}

export interface UploadedImage {
  key: string;
  contentType: string;
  bytes: number;
}

const invalidImages = (path: string, message: string) =>
  new HttpProblem(400, "validation", "Invalid request", {
    detail: "The request body is not valid.",
    errors: [{ path, message }],
  });

export function imagesOf(tx: Tx, productId: string): Promise<ImageRow[]> {
  return tx
    .select({
      id: productImages.id,
      url: productImages.url,
      storageKey: productImages.storageKey,
      position: productImages.position,
    })
    .from(productImages)
    .where(eq(productImages.productId, productId))
    .orderBy(asc(productImages.position), asc(productImages.id));
}

async function setPositions(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    UPDATE product_images i SET position = v.n - 1
    FROM unnest(${sql.param(ids)}::uuid[]) WITH ORDINALITY AS v(id, n)
    WHERE i.id = v.id AND i.position <> v.n - 1`);
}

async function removeRows(tx: Tx, rows: ImageRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  await tx.delete(productImages).where(
    inArray(
      productImages.id,
      rows.map((r) => r.id),
    ),
  );
  return rows.flatMap((r) => (r.storageKey ? [r.storageKey] : []));
}

/**
 * Makes the product's images exactly `refs`, in that order. A ref naming an image the product
 * already has (same remote URL, or its /media/ path) keeps that image; new remote URLs are
 * added; the rest are removed. Returns the storage keys no longer used, to delete after commit.
 */
export async function replaceImages(tx: Tx, productId: string, refs: string[]): Promise<string[]> {
  const existing = await imagesOf(tx, productId);
  const unused = new Set(existing);
  const order: string[] = [];
  for (const [index, ref] of refs.entries()) {
    const key = mediaKey(ref);
    const match = [...unused].find((e) => (key ? e.storageKey === key : e.url === ref));
    if (match) {
      unused.delete(match);
      order.push(match.id);
    } else if (key) {
      throw invalidImages(
        `body.images.${index}`,
        "This uploaded image does not belong to this product.",
      );
    } else {
      const [row] = await tx
        .insert(productImages)
        .values({ productId, url: ref, position: index })
        .returning({ id: productImages.id });
      order.push((row as { id: string }).id);
    }
  }
  const removed = await removeRows(tx, [...unused]);
  await setPositions(tx, order);
  return removed;
}

/** Appends uploaded files after the product's current images. */
export async function appendUploads(
  tx: Tx,
  productId: string,
  files: UploadedImage[],
): Promise<void> {
  const existing = await imagesOf(tx, productId);
  if (existing.length + files.length > MAX_IMAGES_PER_PRODUCT) {
    throw invalidImages(
      "body.images",
      `A product has at most ${MAX_IMAGES_PER_PRODUCT} images; it has ${existing.length}.`,
    );
  }
  await tx.insert(productImages).values(
    files.map((f, i) => ({
      productId,
      storageKey: f.key,
      contentType: f.contentType,
      bytes: f.bytes,
      position: existing.length + i,
    })),
  );
}

/** Puts the images in the given order; `ids` must be exactly the product's image ids. */
export async function reorderImages(tx: Tx, productId: string, ids: string[]): Promise<void> {
  const existing = new Set((await imagesOf(tx, productId)).map((r) => r.id));
  const given = new Set(ids);
  if (
    given.size !== ids.length ||
    given.size !== existing.size ||
    ids.some((id) => !existing.has(id))
  ) {
    throw invalidImages(
      "body.imageIds",
      `List each of this product's ${existing.size} image ids exactly once.`,
    );
  }
  await setPositions(tx, ids);
}

/** Removes one image; undefined when the product has no such image, else its storage key. */
export async function removeImage(
  tx: Tx,
  productId: string,
  imageId: string,
): Promise<{ storageKey: string | null } | undefined> {
  const [removed] = await tx
    .delete(productImages)
    .where(and(eq(productImages.productId, productId), eq(productImages.id, imageId)))
    .returning({ storageKey: productImages.storageKey });
  if (!removed) return undefined;
  await setPositions(
    tx,
    (await imagesOf(tx, productId)).map((r) => r.id),
  );
  return removed;
}
