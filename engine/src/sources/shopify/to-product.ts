// Shopify products (GraphQL nodes, or REST webhook payloads) as the Source interface's
// SourceProduct. Vendor, product type and `key:value` tags become raw attributes, so the
// source's mapping finds brand, condition or material in them like in any shop's attributes.

import type { SourceImage, SourceProduct, SourceVariant } from "../source.ts";
import { idOf } from "./client.ts";
import type { RestProduct } from "./payloads.ts";

export interface GqlVariant {
  id: string;
  sku: string | null;
  title: string | null;
  price: string;
  inventoryQuantity: number | null;
  selectedOptions: { name: string; value: string }[];
  inventoryItem?: { id: string } | null;
}

export interface GqlProduct {
  id: string;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  updatedAt: string;
}

export interface GqlMedia {
  image?: { url: string; altText: string | null } | null;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  apos: "'",
  nbsp: " ",
};

/** Plain text from Shopify's description HTML: block ends become line breaks. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#?\w+);/g, (all, name: string) => ENTITIES[name] ?? all)
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
}

/** "Default Title" is Shopify's name for the single variant of a product without options. */
function variantOf(v: GqlVariant): SourceVariant {
  const attributes: Record<string, string> = {};
  for (const option of v.selectedOptions) {
    if (option.name !== "Title" || option.value !== "Default Title")
      attributes[option.name] = option.value;
  }
  return {
    ref: idOf(v.id),
    sku: v.sku || null,
    title: v.title && v.title !== "Default Title" ? v.title : null,
    price: v.price,
    quantity: Math.max(0, v.inventoryQuantity ?? 0),
    attributes,
  };
}

export function toSourceProduct(
  p: GqlProduct,
  variants: GqlVariant[],
  media: GqlMedia[],
): SourceProduct {
  const attributes: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    const values = attributes[name] ?? [];
    if (value && !values.includes(value)) values.push(value);
    attributes[name] = values;
  };
  if (p.vendor) add("vendor", p.vendor);
  if (p.productType) add("product type", p.productType);
  for (const tag of p.tags) {
    const at = tag.indexOf(":");
    if (at > 0) add(tag.slice(0, at).trim(), tag.slice(at + 1).trim());
  }
  const mapped = variants.map(variantOf);
  for (const v of mapped)
    for (const [name, value] of Object.entries(v.attributes)) add(name, value);
  const images: SourceImage[] = media
    .filter((m) => m.image?.url)
    .map((m) => ({ url: m.image?.url as string, alt: m.image?.altText ?? null }));
  const single = mapped.length === 1 ? mapped[0] : undefined;
  const prices = mapped.map((v) => Number(v.price)).filter(Number.isFinite);
  return {
    ref: idOf(p.id),
    updatedAt: new Date(p.updatedAt),
    sku: single?.sku ?? null,
    title: p.title,
    description: htmlToText(p.descriptionHtml),
    price: prices.length > 0 ? Math.min(...prices).toFixed(2) : "0.00",
    quantity: mapped.reduce((sum, v) => sum + v.quantity, 0),
    state: p.status === "ACTIVE" ? "active" : "inactive",
    category: p.productType || null,
    attributes,
    images,
    // Kept even for a product without options ("Default Title"): stock lives on variants.
    variants: mapped,
    extra: { handle: p.handle, tags: p.tags, status: p.status },
  };
}

/** A products/create or products/update payload (REST shapes) as a SourceProduct. */
export function fromRest(p: RestProduct): SourceProduct {
  const optionNames = (p.options ?? []).sort((a, b) => a.position - b.position).map((o) => o.name);
  return toSourceProduct(
    {
      id: String(p.id),
      title: p.title,
      handle: p.handle,
      descriptionHtml: p.body_html ?? "",
      vendor: p.vendor,
      productType: p.product_type,
      tags: p.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      status: p.status.toUpperCase() as GqlProduct["status"],
      updatedAt: p.updated_at,
    },
    (p.variants ?? []).map((v) => ({
      id: String(v.id),
      sku: v.sku,
      title: v.title,
      price: v.price,
      inventoryQuantity: v.inventory_quantity,
      inventoryItem: { id: String(v.inventory_item_id) },
      selectedOptions: [v.option1, v.option2, v.option3].flatMap((value, i) =>
        value !== null && optionNames[i] ? [{ name: optionNames[i] as string, value }] : [],
      ),
    })),
    (p.images ?? []).map((img) => ({ image: { url: img.src, altText: img.alt } })),
  );
}
