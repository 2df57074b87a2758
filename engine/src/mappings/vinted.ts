import type { Db, Tx } from "@stoflow/db";
import type { ListingPayload, ListingPhoto } from "../channels/channel.ts";
import type { Product } from "../products/output.ts";
import { type Catalogue, findByKey, loadCatalogue, type Mapping } from "./catalogue.ts";
import { categoryLabel, matchCategory } from "./category.ts";
import { slug } from "./normalise.ts";
import { matchSize, sizeRange } from "./size.ts";

export type MappedField =
  | "category"
  | "brand"
  | "size"
  | "colors"
  | "condition"
  | "packageSize"
  | "photos";

/** One value Vinted cannot take as is. `message` names the value and what happens to it. */
export interface MappingIssue {
  field: MappedField;
  value: string | null;
  message: string;
}

/** The Vinted ids of a product, without its photos (what the lint endpoint shows). */
export interface VintedIds {
  catalogId: number;
  catalogLabel: string;
  brandId: number | null;
  brandName: string | null;
  sizeId: number | null;
  sizeLabel: string | null;
  statusId: number;
  colorIds: number[];
  packageSizeId: number;
}

/**
 * `missing` blocks publishing (the listing stays a draft with these messages); `notes` are
 * fallbacks Vinted accepts, shown so the seller knows (a brand sent as free text).
 */
export type VintedIdsResult =
  | { ok: true; ids: VintedIds; notes: MappingIssue[] }
  | { ok: false; missing: MappingIssue[]; notes: MappingIssue[] };

export type VintedPayloadResult =
  | { ok: true; payload: ListingPayload; notes: MappingIssue[] }
  | { ok: false; missing: MappingIssue[]; notes: MappingIssue[] };

export type MappableProduct = Pick<
  Product,
  | "title"
  | "description"
  | "brand"
  | "category"
  | "size"
  | "colors"
  | "condition"
  | "price"
  | "currency"
  | "attributes"
>;

const MAX_COLORS = 2; // Vinted's item form takes up to two colours

/** What the listing's last error says when mapping blocks: every missing value, in order. */
export function describeMissing(missing: MappingIssue[]): string {
  return `Vinted cannot list this product yet: ${missing.map((m) => m.message).join("; ")}.`;
}

export async function resolveVintedIds(
  db: Db,
  product: MappableProduct,
  reader: Db | Tx = db,
): Promise<VintedIdsResult> {
  const catalogue = await loadCatalogue(db, "vinted", reader);
  const missing: MappingIssue[] = [];
  const notes: MappingIssue[] = [];

  let category: Mapping | undefined;
  if (!product.category?.trim()) {
    missing.push({ field: "category", value: null, message: "the product has no category" });
  } else {
    const match = matchCategory(catalogue, product.category);
    if (match.ok) category = match.mapping;
    else missing.push({ field: "category", value: product.category, message: match.message });
  }

  const brand = resolveBrand(catalogue, product.brand, notes);
  const size = category ? resolveSize(catalogue, category, product.size, missing) : undefined;
  const colorIds = resolveColors(catalogue, product.colors, notes);

  let status: Mapping | undefined;
  if (!product.condition) {
    missing.push({ field: "condition", value: null, message: "the product has no condition" });
  } else {
    status = catalogue.byValue.get(`condition:${product.condition}`);
    if (!status) {
      missing.push({
        field: "condition",
        value: product.condition,
        message: `condition '${product.condition}' has no Vinted status`,
      });
    }
  }

  const packageSize = category ? resolvePackageSize(catalogue, category, product, missing) : null;

  if (!category || !status || !packageSize || missing.length > 0) {
    return { ok: false, missing, notes };
  }
  return {
    ok: true,
    notes,
    ids: {
      catalogId: Number(category.externalId),
      catalogLabel: categoryLabel(catalogue, category),
      brandId: brand.id,
      brandName: brand.name,
      sizeId: size ? Number(size.externalId) : null,
      sizeLabel: size?.externalLabel ?? null,
      statusId: Number(status.externalId),
      colorIds,
      packageSizeId: Number(packageSize.externalId),
    },
  };
}

/** The payload the Vinted channel posts, or every value that keeps the listing a draft. */
export async function resolveVintedPayload(
  db: Db,
  product: MappableProduct,
  photos: ListingPhoto[],
  reader: Db | Tx = db,
): Promise<VintedPayloadResult> {
  const result = await resolveVintedIds(db, product, reader);
  const missing = result.ok ? [] : [...result.missing];
  if (photos.length === 0) {
    missing.push({ field: "photos", value: null, message: "the product has no photo" });
  }
  if (!result.ok || missing.length > 0) return { ok: false, missing, notes: result.notes };
  const { catalogLabel: _, sizeLabel: __, ...ids } = result.ids;
  return {
    ok: true,
    notes: result.notes,
    payload: {
      ...ids,
      title: product.title,
      description: product.description,
      price: product.price.toFixed(2),
      currency: product.currency,
      photos,
    },
  };
}

function resolveBrand(
  catalogue: Catalogue,
  brand: string | null,
  notes: MappingIssue[],
): { id: number | null; name: string | null } {
  const name = brand?.trim();
  if (!name) return { id: null, name: null };
  const mapping = findByKey(catalogue, "brand", name);
  if (mapping) return { id: Number(mapping.externalId), name: mapping.externalLabel ?? name };
  notes.push({
    field: "brand",
    value: name,
    message: `brand '${name}' is unknown (the listing will use the brand as free text)`,
  });
  return { id: null, name };
}

function resolveSize(
  catalogue: Catalogue,
  category: Mapping,
  size: string | null,
  missing: MappingIssue[],
): Mapping | undefined {
  const group = category.attributes.sizeGroup;
  if (typeof group !== "string") return undefined; // bags, jewellery: Vinted asks no size
  const label = categoryLabel(catalogue, category);
  if (group !== "one_size" && !size?.trim()) {
    missing.push({ field: "size", value: null, message: `the product has no size (${label})` });
    return undefined;
  }
  const mapping = matchSize(catalogue, group, size ?? "");
  if (!mapping) {
    missing.push({
      field: "size",
      value: size,
      message: `size '${size}' has no Vinted size in ${label} (sizes ${sizeRange(catalogue, group)})`,
    });
  }
  return mapping;
}

function resolveColors(catalogue: Catalogue, colors: string[], notes: MappingIssue[]): number[] {
  const ids: number[] = [];
  const kept: string[] = [];
  for (const color of colors) {
    const text = color.trim();
    if (!text) continue;
    // "bleu nuit" → "bleu": a shade Vinted does not list falls back to its base colour.
    const mapping =
      findByKey(catalogue, "color", text) ??
      findByKey(catalogue, "color", slug(text).split("-")[0] ?? "");
    if (!mapping) {
      notes.push({
        field: "colors",
        value: text,
        message: `colour '${text}' is not one of Vinted's colours (left out)`,
      });
      continue;
    }
    const id = Number(mapping.externalId);
    if (ids.includes(id)) continue;
    if (ids.length === MAX_COLORS) {
      notes.push({
        field: "colors",
        value: text,
        message: `Vinted takes two colours at most: '${text}' is left out (kept ${kept.join(", ")})`,
      });
      continue;
    }
    ids.push(id);
    kept.push(text);
  }
  return ids;
}

function resolvePackageSize(
  catalogue: Catalogue,
  category: Mapping,
  product: MappableProduct,
  missing: MappingIssue[],
): Mapping | null {
  // A seller may override the category's default (a heavy coat in a "small" category).
  const override = product.attributes.packageSize;
  const wanted = typeof override === "string" ? override : category.attributes.packageSize;
  const mapping =
    typeof wanted === "string" ? catalogue.byValue.get(`package_size:${wanted}`) : undefined;
  if (!mapping) {
    missing.push({
      field: "packageSize",
      value: typeof wanted === "string" ? wanted : null,
      message: `package size '${String(wanted ?? "none")}' has no Vinted package size (small, medium or large)`,
    });
    return null;
  }
  return mapping;
}
