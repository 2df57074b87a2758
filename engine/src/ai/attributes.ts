// The facts a text is written from, normalised to the detail the wording depends on, so that
// products differing only in the rest share one cache entry: the brand's market tier (the
// name itself goes through {brand}), the category, the colour's palette (the colour through
// {color}), the condition band (the exact one through {condition}), the size system (the size
// through {size}) and the material family (the material through {material}). The exact values
// come back after the cache (personalise.ts). Nothing personal ever goes in: no title,
// description, SKU, price or seller name.

import { createHash } from "node:crypto";
import { type BrandTier, brandTier } from "./brand-tiers.ts";
import { PHRASES } from "./fallback/index.ts";
import { type ConditionCode, ITEM_KINDS, type ItemKind } from "./fallback/phrases.ts";
import { fold } from "./fold.ts";
import type { AiLanguage, AiPlatform } from "./platforms.ts";

export { fold };

/** What the engine knows of a product, as stored. */
export interface ProductFacts {
  brand: string | null;
  category: string | null;
  colors: string[];
  condition: string | null;
  size: string | null;
  material: string | null;
  price: string | number;
  currency: string;
}

export interface NormalisedAttributes {
  brand: BrandTier | null;
  item: ItemKind;
  category: string | null;
  /** neutral, bright or pattern */
  color: string | null;
  condition: "new" | "very_good" | "used" | null;
  /** letters, numbers, shoes, kids or one_size */
  size: string | null;
  material: string | null;
}

// Words (any language, folded) that name each kind; first match in the category path wins,
// most specific segment (the leaf) first.
const EXTRA_WORDS: Partial<Record<ItemKind, string[]>> = {
  jeans: ["jean", "jeans", "denim"],
  sweater: ["pull", "pullover", "sweater", "jumper", "knitwear", "maille", "cardigan", "gilet"],
  sweatshirt: ["sweat", "hoodie", "sweatshirt", "sudadera", "felpa", "bluza"],
  tshirt: ["t shirt", "tee", "tshirt", "tee shirt"],
  top: ["top", "blouse", "debardeur", "tank", "tops"],
  trousers: ["pantalon", "pants", "trousers", "chino", "legging", "jogging"],
  sneakers: ["basket", "baskets", "sneaker", "sneakers", "trainers", "tennis"],
  boots: ["botte", "bottes", "bottine", "bottines", "boots", "boot", "stiefel"],
  shoes: ["chaussure", "chaussures", "shoes", "escarpins", "sandales", "mocassins", "heels"],
  bag: ["sac", "sacs", "bag", "bags", "handbag", "pochette", "tasche"],
  jacket: ["veste", "vestes", "blouson", "jacket", "jacke", "chaqueta", "giacca", "kurtka"],
  coat: ["manteau", "manteaux", "coat", "parka", "trench", "doudoune", "mantel"],
  dress: ["robe", "robes", "dress", "dresses", "kleid", "vestido", "sukienka", "jurk"],
  skirt: ["jupe", "jupes", "skirt", "rock", "falda", "gonna", "spodnica", "rok"],
  shirt: ["chemise", "chemises", "shirt", "hemd", "camisa", "camicia", "koszula", "overhemd"],
  shorts: ["short", "shorts", "bermuda"],
};

const KIND_WORDS: [ItemKind, Set<string>][] = ITEM_KINDS.filter((k) => k !== "item").map((kind) => {
  const words = new Set(EXTRA_WORDS[kind] ?? []);
  for (const phrases of Object.values(PHRASES)) words.add(fold(phrases.items[kind]));
  return [kind, words];
});

export function itemKindOf(category: string | null): ItemKind {
  if (!category) return "item";
  const segments = category.split(/[/>|]/).map(fold).filter(Boolean).reverse();
  for (const segment of segments) {
    for (const [kind, words] of KIND_WORDS) {
      if (words.has(segment)) return kind;
      for (const word of segment.split(" ")) if (words.has(word)) return kind;
    }
  }
  return "item";
}

const COLOR_FAMILIES: Record<string, string[]> = {
  black: ["noir", "black", "schwarz", "negro", "nero", "zwart", "czarny", "anthracite"],
  white: [
    "blanc",
    "white",
    "weiss",
    "blanco",
    "bianco",
    "wit",
    "bialy",
    "ecru",
    "creme",
    "ivoire",
    "cream",
  ],
  grey: ["gris", "grey", "gray", "grau", "grigio", "grijs", "szary", "chine"],
  blue: [
    "bleu",
    "blue",
    "blau",
    "azul",
    "blu",
    "blauw",
    "niebieski",
    "marine",
    "navy",
    "turquoise",
    "denim",
    "ciel",
  ],
  red: [
    "rouge",
    "red",
    "rot",
    "rojo",
    "rosso",
    "rood",
    "czerwony",
    "bordeaux",
    "burgundy",
    "corail",
  ],
  green: ["vert", "green", "grun", "verde", "groen", "zielony", "kaki", "khaki", "olive"],
  yellow: ["jaune", "yellow", "gelb", "amarillo", "giallo", "geel", "zolty", "moutarde", "mustard"],
  pink: ["rose", "pink", "rosa", "roze", "fuchsia"],
  purple: ["violet", "purple", "lila", "morado", "viola", "paars", "fioletowy", "mauve", "prune"],
  brown: [
    "marron",
    "brown",
    "braun",
    "marron oscuro",
    "marrone",
    "bruin",
    "brazowy",
    "camel",
    "cognac",
    "chocolat",
  ],
  beige: ["beige", "nude", "sable", "taupe"],
  orange: ["orange", "naranja", "arancione", "oranje", "pomaranczowy", "rouille"],
  gold: ["dore", "gold", "golden", "oro"],
  silver: ["argente", "silver", "silber", "plata", "argento"],
  multicolour: ["multicolore", "multicolor", "multicolour", "imprime", "print", "fleuri"],
};
const COLOR_WORD = new Map<string, string>();
for (const [family, words] of Object.entries(COLOR_FAMILIES))
  for (const word of words) COLOR_WORD.set(word, family);

const PALETTES: Record<string, string> = {
  black: "neutral",
  white: "neutral",
  grey: "neutral",
  blue: "neutral",
  beige: "neutral",
  brown: "neutral",
  red: "bright",
  green: "bright",
  yellow: "bright",
  pink: "bright",
  purple: "bright",
  orange: "bright",
  gold: "bright",
  silver: "bright",
  multicolour: "pattern",
};

export function colorFamily(color: string): string {
  const folded = fold(color);
  if (COLOR_WORD.has(folded)) return COLOR_WORD.get(folded) as string;
  for (const word of folded.split(" "))
    if (COLOR_WORD.has(word)) return COLOR_WORD.get(word) as string;
  return folded;
}

const MATERIAL_FAMILIES: Record<string, string[]> = {
  cotton: ["coton", "cotton", "baumwolle", "algodon", "cotone", "katoen", "bawelna"],
  wool: [
    "laine",
    "wool",
    "wolle",
    "lana",
    "wol",
    "welna",
    "cachemire",
    "cashmere",
    "merino",
    "mohair",
  ],
  denim: ["denim", "jean"],
  leather: ["cuir", "leather", "leder", "cuero", "pelle", "leer", "skora", "daim", "suede"],
  silk: ["soie", "silk", "seide", "seda", "seta", "zijde", "jedwab", "satin"],
  linen: ["lin", "linen", "leinen", "lino", "linnen", "len"],
  synthetic: [
    "polyester",
    "polyamide",
    "nylon",
    "elasthanne",
    "elastane",
    "acrylique",
    "acrylic",
    "viscose",
    "synthetique",
    "synthetic",
  ],
};
const MATERIAL_WORD = new Map<string, string>();
for (const [family, words] of Object.entries(MATERIAL_FAMILIES))
  for (const word of words) MATERIAL_WORD.set(word, family);

function materialFamily(material: string): string {
  for (const word of fold(material).split(" "))
    if (MATERIAL_WORD.has(word)) return MATERIAL_WORD.get(word) as string;
  return fold(material);
}

const LETTER_SIZES = new Set([
  "xxxs",
  "xxs",
  "xs",
  "s",
  "m",
  "l",
  "xl",
  "xxl",
  "xxxl",
  "2xl",
  "3xl",
  "4xl",
]);

/** The size system (letters, numbers, shoes, kids, one size); the size itself is {size}. */
export function sizeSystem(size: string | null, item: ItemKind): string | null {
  if (!size) return null;
  const s = fold(size).replace(/^(taille|size|t|eu|fr|it|uk|us)\s*/, "");
  if (/^(tu|unique|taille unique|one size|os|onesize)$/.test(s)) return "one_size";
  if (/\b(ans|an|years?|y|mois|months?|m)\b/.test(s) && /\d/.test(s) && !/^\d{2}$/.test(s))
    return "kids";
  if (LETTER_SIZES.has(s)) return "letters";
  const n = Number.parseFloat(s.replace(",", "."));
  if (Number.isFinite(n)) {
    if (item === "sneakers" || item === "boots" || item === "shoes") return "shoes";
    if (n >= 50 && n <= 176) return "kids"; // height in cm
    return "numbers";
  }
  return "other";
}

const CONDITION_BANDS: Record<ConditionCode, NormalisedAttributes["condition"]> = {
  new_with_tags: "new",
  new_without_tags: "new",
  very_good: "very_good",
  good: "used",
  satisfactory: "used",
};

export function normaliseAttributes(facts: ProductFacts): NormalisedAttributes {
  const item = itemKindOf(facts.category);
  const palettes = [...new Set(facts.colors.map((c) => PALETTES[colorFamily(c)] ?? "other"))];
  return {
    brand: facts.brand?.trim() ? brandTier(facts.brand) : null,
    item,
    category: facts.category
      ? facts.category.split(/[/>|]/).map(fold).filter(Boolean).join("/") || null
      : null,
    color: palettes.length > 1 ? "pattern" : (palettes[0] ?? null),
    condition: CONDITION_BANDS[facts.condition as ConditionCode] ?? null,
    size: sizeSystem(facts.size, item),
    material: facts.material ? materialFamily(facts.material) || null : null,
  };
}

export interface CacheKeyParts {
  attributes: NormalisedAttributes;
  language: AiLanguage;
  platforms: AiPlatform[];
  style: string;
  promptVersion: string;
}

/** sha256 of everything a cached text depends on; platforms in a fixed order. */
export function cacheKey(parts: CacheKeyParts): string {
  const canonical = JSON.stringify([
    parts.attributes.brand,
    parts.attributes.item,
    parts.attributes.category,
    parts.attributes.color,
    parts.attributes.condition,
    parts.attributes.size,
    parts.attributes.material,
    parts.language,
    [...parts.platforms].sort(),
    parts.style,
    parts.promptVersion,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
