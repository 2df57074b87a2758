// A WooCommerce product (and its variations) as a Source product: plain text, decimal prices,
// stock summed over variations, raw attributes for the mapping.
import type { SourceProduct, SourceVariant } from "../source.ts";
import type { WcProductIn, WcVariationIn } from "./schemas.ts";

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** WooCommerce descriptions are HTML; marketplaces want text with its paragraphs. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === "#") {
        const n =
          code[1]?.toLowerCase() === "x"
            ? Number.parseInt(code.slice(2), 16)
            : Number(code.slice(1));
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** GMT times come without a zone. */
export const gmt = (text: string | null | undefined): Date | undefined => {
  if (!text) return undefined;
  const at = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isFinite(at) ? new Date(at) : undefined;
};

const decimal = (text: string) => {
  const n = Number(text);
  return text !== "" && Number.isFinite(n) && n >= 0 ? n.toFixed(2) : null;
};

function stockOf(item: {
  manage_stock?: boolean | "parent" | null;
  stock_quantity?: number | null;
  stock_status?: string | null;
}) {
  if (item.manage_stock === true && typeof item.stock_quantity === "number")
    return Math.max(0, item.stock_quantity);
  // Stock not tracked: a second-hand item in stock is one item.
  return item.stock_status === "outofstock" ? 0 : 1;
}

function variantOf(v: WcVariationIn): SourceVariant {
  const attributes: Record<string, string> = {};
  for (const a of v.attributes) attributes[a.name] = a.option;
  return {
    ref: String(v.id),
    sku: v.sku || null,
    title: Object.values(attributes).join(" / ") || null,
    price: decimal(v.price) ?? decimal(v.regular_price),
    quantity: stockOf(v),
    attributes,
  };
}

export function toSourceProduct(p: WcProductIn, variations: WcVariationIn[]): SourceProduct {
  const variants = variations.map(variantOf);
  const attributes: Record<string, string[]> = {};
  for (const a of p.attributes) attributes[a.name] = a.options;
  const prices = variants.map((v) => v.price).filter((x): x is string => x !== null);
  const price =
    decimal(p.price) ??
    decimal(p.regular_price) ??
    (prices.length ? prices.sort((a, b) => Number(a) - Number(b))[0] : null) ??
    "0.00";
  const modified = [p.date_modified_gmt, ...variations.map((v) => v.date_modified_gmt)]
    .map(gmt)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const description = htmlToText(p.description || "") || htmlToText(p.short_description || "");
  const category = p.categories.filter((c) => c.slug !== "uncategorized").at(-1)?.name ?? null;
  return {
    ref: String(p.id),
    updatedAt: modified ?? new Date(0),
    sku: p.sku || null,
    title: p.name.trim() || p.sku || `Product ${p.id}`,
    description,
    price,
    quantity: variants.length > 0 ? variants.reduce((n, v) => n + v.quantity, 0) : stockOf(p),
    state: p.status === "publish" ? "active" : "inactive",
    category,
    attributes,
    images: p.images.map((im) => ({ url: im.src, alt: im.alt || null })),
    variants,
    extra: {
      type: p.type,
      slug: p.slug ?? null,
      status: p.status,
      tags: p.tags.map((t) => t.name),
      categories: p.categories.map((c) => c.name),
      ...(p.weight ? { weight: p.weight } : {}),
    },
  };
}
