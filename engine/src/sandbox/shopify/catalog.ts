// Generated resale catalogs: second-hand clothing with brands, sizes, colours, condition and
// material tags, one to three size variants each. Deterministic for a given seed, so a test
// can recompute what a product must look like.

import type { ShopImage, ShopProduct, ShopState, ShopVariant } from "./state.ts";

const BRANDS = [
  "Levi's",
  "Zara",
  "Nike",
  "Sézane",
  "Petit Bateau",
  "Carhartt",
  "Patagonia",
  "Mango",
];
const TYPES = [
  { type: "Jeans", sizes: ["36", "38", "40", "42"] },
  { type: "Jacket", sizes: ["S", "M", "L", "XL"] },
  { type: "Dress", sizes: ["XS", "S", "M", "L"] },
  { type: "Sneakers", sizes: ["38", "39", "40", "41", "42"] },
  { type: "Sweater", sizes: ["S", "M", "L"] },
];
const COLOURS = ["Black", "Blue", "White", "Green", "Red", "Beige"];
const CONDITIONS = ["new_with_tags", "new_without_tags", "very_good", "good", "satisfactory"];
const MATERIALS = ["cotton", "wool", "denim", "leather", "polyester", "linen"];

/** mulberry32: a tiny seeded generator, enough for varied but repeatable catalogs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T =>
  list[Math.floor(rnd() * list.length)] as T;

export interface SeedOptions {
  count: number;
  seed?: number;
  /** Variants per product; random 1..3 when omitted. */
  variants?: number;
  imageBase: string; // where the sandbox serves product images
}

export function buildProduct(
  state: ShopState,
  rnd: () => number,
  n: number,
  options: { variants?: number; imageBase: string; at?: Date },
): ShopProduct {
  const brand = pick(rnd, BRANDS);
  const kind = pick(rnd, TYPES);
  const colour = pick(rnd, COLOURS);
  const id = state.id();
  const at = options.at ?? state.stamp();
  const variantCount = options.variants ?? 1 + Math.floor(rnd() * 3);
  const sizes = kind.sizes.slice(0, Math.min(variantCount, kind.sizes.length));
  const base = 5 + Math.floor(rnd() * 120);
  const variants: ShopVariant[] = sizes.map((size, i) => ({
    id: state.id(),
    productId: id,
    title: `${size} / ${colour}`,
    sku: `SB-${n}-${size}`,
    price: `${base + i}.${rnd() < 0.5 ? "00" : "90"}`,
    position: i + 1,
    options: [
      { name: "Size", value: size },
      { name: "Color", value: colour },
    ],
    inventoryItemId: state.id(),
    available: 1 + Math.floor(rnd() * 3),
    updatedAt: at,
  }));
  const images: ShopImage[] = Array.from({ length: 1 + Math.floor(rnd() * 2) }, (_, i) => {
    const imageId = state.id();
    return {
      id: imageId,
      url: `${options.imageBase}/files/${imageId}.png`,
      altText: i === 0 ? `${brand} ${kind.type.toLowerCase()}` : null,
    };
  });
  const title = `${brand} ${kind.type.toLowerCase()} ${colour.toLowerCase()} #${n}`;
  return {
    id,
    title,
    handle: title
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, ""),
    descriptionHtml: `<p>${brand} ${kind.type.toLowerCase()}, ${colour.toLowerCase()}. Worn a few times.</p>`,
    vendor: brand,
    productType: kind.type,
    tags: ["second-hand", `condition:${pick(rnd, CONDITIONS)}`, `material:${pick(rnd, MATERIALS)}`],
    status: "ACTIVE",
    createdAt: at,
    updatedAt: at,
    variants,
    images,
  };
}

/**
 * Adds `count` products without webhooks: a shop that existed before the app, its products
 * last edited a minute apart up to a minute ago (so only later edits look recent).
 */
export function seedCatalog(state: ShopState, options: SeedOptions): ShopProduct[] {
  const rnd = random(options.seed ?? 1);
  const start = state.products.size;
  const now = Date.now();
  const made: ShopProduct[] = [];
  for (let i = 1; i <= options.count; i++) {
    const at = new Date(now - (options.count - i + 1) * 60_000);
    made.push(state.add(buildProduct(state, rnd, start + i, { ...options, at }), false));
  }
  return made;
}
