// A generated resale catalog: product N is the same every time (seeded by its id), so a
// sandbox of 50,000 products costs no memory until something changes one of them.
import type { WcAttribute, WcImage, WcProduct, WcVariation } from "./types.ts";
import { wcTime } from "./types.ts";

const BRANDS = [
  "Levi's",
  "Zara",
  "Sézane",
  "Petit Bateau",
  "Nike",
  "Adidas",
  "Maje",
  "Sandro",
  "Kiabi",
  "H&M",
  "Uniqlo",
  "Comptoir des Cotonniers",
  "Jacadi",
  "Vans",
  "Converse",
];
const ITEMS = [
  { name: "Jean", category: "Jeans", sizes: ["34", "36", "38", "40", "42"] },
  { name: "Robe", category: "Robes", sizes: ["XS", "S", "M", "L"] },
  { name: "Pull", category: "Pulls", sizes: ["S", "M", "L", "XL"] },
  { name: "Veste", category: "Vestes", sizes: ["S", "M", "L"] },
  { name: "Baskets", category: "Chaussures", sizes: ["37", "38", "39", "40", "41", "42"] },
  { name: "Chemise", category: "Chemises", sizes: ["S", "M", "L", "XL"] },
  { name: "T-shirt", category: "T-shirts", sizes: ["XS", "S", "M", "L"] },
];
const COLOURS = ["bleu", "noir", "blanc", "rouge", "vert", "beige", "gris", "rose"];
const CONDITIONS = [
  "Neuf avec étiquette",
  "Neuf sans étiquette",
  "Très bon état",
  "Bon état",
  "Satisfaisant",
];
const MATERIALS = ["coton", "laine", "denim", "lin", "cuir", "polyester"];

/** mulberry32: a small seeded generator, enough for varied but repeatable fixtures. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)] as T;

export interface CatalogOptions {
  baseUrl: string;
  /** Share of variable products (a size per variation). */
  variableRatio: number;
  /** Catalog seed: two sandboxes with the same seed have the same products. */
  seed: number;
  /** Time of the oldest product; product N was created N seconds later. */
  epochMs: number;
}

export const VARIATION_BASE = 10_000_000;
export const variationIds = (productId: number, count: number) =>
  Array.from({ length: count }, (_, k) => VARIATION_BASE + productId * 8 + k);

function image(base: string, productId: number, k: number, alt: string): WcImage {
  return {
    id: 5_000_000 + productId * 8 + k,
    src: `${base}/wp-content/uploads/sandbox/${productId}-${k}.jpg`,
    name: `${productId}-${k}`,
    alt,
    position: k,
  };
}

export interface Generated {
  product: WcProduct;
  variations: WcVariation[];
}

export function generateProduct(id: number, o: CatalogOptions): Generated {
  const r = random(o.seed * 1_000_003 + id);
  const item = pick(r, ITEMS);
  const brand = pick(r, BRANDS);
  const colour = pick(r, COLOURS);
  const condition = pick(r, CONDITIONS);
  const material = pick(r, MATERIALS);
  const variable = r() < o.variableRatio;
  const price = (5 + Math.floor(r() * 120) + (r() < 0.5 ? 0.5 : 0)).toFixed(2);
  const onSale = r() < 0.15;
  const salePrice = onSale ? (Number(price) * 0.8).toFixed(2) : "";
  const time = wcTime(o.epochMs + id * 1000);
  const name = `${item.name} ${brand} ${colour}`;
  const sizes = variable
    ? item.sizes.slice(0, 2 + Math.floor(r() * (item.sizes.length - 1)))
    : [pick(r, item.sizes)];
  const outOfStock = r() < 0.04;
  const stock = outOfStock ? 0 : r() < 0.85 ? 1 : 2 + Math.floor(r() * 3);
  const attributes: WcAttribute[] = [
    { id: 1, name: "Marque", position: 0, visible: true, variation: false, options: [brand] },
    { id: 2, name: "Taille", position: 1, visible: true, variation: variable, options: sizes },
    { id: 3, name: "Couleur", position: 2, visible: true, variation: false, options: [colour] },
    { id: 4, name: "État", position: 3, visible: true, variation: false, options: [condition] },
    { id: 5, name: "Matière", position: 4, visible: true, variation: false, options: [material] },
  ];
  const imageCount = 1 + Math.floor(r() * 4);
  const images = Array.from({ length: imageCount }, (_, k) => image(o.baseUrl, id, k, name));
  const vids = variable ? variationIds(id, sizes.length) : [];
  const variations: WcVariation[] = vids.map((vid, k) => {
    const vStock = outOfStock ? 0 : 1 + Math.floor(r() * 2);
    return {
      id: vid,
      parent_id: id,
      sku: `WC-${id}-${sizes[k]}`,
      price: onSale ? salePrice : price,
      regular_price: price,
      sale_price: salePrice,
      manage_stock: true,
      stock_quantity: vStock,
      stock_status: vStock > 0 ? "instock" : "outofstock",
      image: images[0] ?? null,
      attributes: [{ id: 2, name: "Taille", option: sizes[k] as string }],
      date_created_gmt: time,
      date_modified_gmt: time,
    };
  });
  const product: WcProduct = {
    id,
    name,
    slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${id}`,
    type: variable ? "variable" : "simple",
    status: r() < 0.03 ? "draft" : "publish",
    sku: `WC-${id}`,
    description: `<p>${name}, taille ${sizes.join("/")}. ${condition}, porté avec soin.</p><p>Matière&nbsp;: ${material} &amp; doublure.</p>`,
    short_description: `<p>${condition}</p>`,
    price: variable ? price : onSale ? salePrice : price,
    regular_price: variable ? "" : price,
    sale_price: variable ? "" : salePrice,
    manage_stock: !variable,
    stock_quantity: variable ? null : stock,
    stock_status: (variable ? variations.some((v) => (v.stock_quantity ?? 0) > 0) : stock > 0)
      ? "instock"
      : "outofstock",
    weight: (0.2 + r()).toFixed(2),
    dimensions: { length: "", width: "", height: "" },
    categories: [
      { id: 10, name: "Vêtements", slug: "vetements" },
      { id: 11 + ITEMS.indexOf(item), name: item.category, slug: item.category.toLowerCase() },
    ],
    tags: [{ id: 100, name: "seconde main", slug: "seconde-main" }],
    images,
    attributes,
    variations: vids,
    date_created_gmt: time,
    date_modified_gmt: time,
    meta_data: [],
  };
  return { product, variations };
}
