// After the cache: the seller's own values go into the placeholders ({brand}, {price},
// {condition}, {size}, {color}, {material}), and the shop's emoji preference is applied.
// (Tone is part of the cache key; length is enforced by the platform rules.)
import { colorFamily, type ProductFacts } from "./attributes.ts";
import { colourName } from "./fallback/colours.ts";
import { PHRASES } from "./fallback/index.ts";
import { materialName } from "./fallback/materials.ts";
import type { ConditionCode, ItemKind } from "./fallback/phrases.ts";
import type { AiLanguage, AiPlatform } from "./platforms.ts";
import type { ListingText } from "./texts.ts";

export type PlaceholderValues = Record<string, string | null>;

const LOCALES: Record<AiLanguage, string> = {
  fr: "fr-FR",
  en: "en-GB",
  de: "de-DE",
  es: "es-ES",
  it: "it-IT",
  nl: "nl-NL",
  pl: "pl-PL",
};

function colour(seller: string, language: AiLanguage): string {
  return colourName(colorFamily(seller), seller, language);
}

export function placeholderValues(facts: ProductFacts, language: AiLanguage): PlaceholderValues {
  const price = Number(facts.price);
  return {
    brand: facts.brand?.trim() || null,
    price: Number.isFinite(price)
      ? new Intl.NumberFormat(LOCALES[language], {
          style: "currency",
          currency: facts.currency || "EUR",
        }).format(price)
      : null,
    condition: facts.condition
      ? (PHRASES[language].conditions[facts.condition as ConditionCode] ?? null)
      : null,
    size: facts.size?.trim() || null,
    color: facts.colors.length ? facts.colors.map((c) => colour(c, language)).join(", ") : null,
    material: facts.material?.trim() ? materialName(facts.material.trim(), language) : null,
  };
}

/** Puts the seller's values into the placeholders; an unknown value takes its placeholder out. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text
    .replace(/\{(brand|price|condition|size|color|colour|material)\}/g, (_m, name: string) => {
      const value = values[name === "colour" ? "color" : name];
      return value ?? "";
    })
    .replace(/[ \t]{2,}/g, " ")
    .replace(/ *[,;:] *(?=[.!?\n]|$)/g, "")
    .replace(/ +([,.])/g, "$1")
    .replace(/^(- [^:\n]+:)\s*$/gm, "")
    .trim();
}

const EMOJI =
  /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}]\uFE0F?(\u200D[\p{Extended_Pictographic}]\uFE0F?)*/gu;
const ITEM_EMOJI: Partial<Record<ItemKind, string>> = {
  jeans: "👖",
  trousers: "👖",
  dress: "👗",
  skirt: "👗",
  coat: "🧥",
  jacket: "🧥",
  sneakers: "👟",
  shoes: "👞",
  boots: "👢",
  bag: "👜",
  shorts: "🩳",
};

export function personalise(
  text: ListingText,
  values: PlaceholderValues,
  options: { platform: AiPlatform; item: ItemKind; emoji: boolean },
): ListingText {
  const strip = (s: string) =>
    s
      .replace(EMOJI, "")
      .replace(/[ \t]{2,}/g, " ")
      .trim();
  let description = strip(fillPlaceholders(text.description, values));
  // eBay stays formal: never an emoji there.
  if (options.emoji && options.platform !== "ebay") {
    description = `${ITEM_EMOJI[options.item] ?? "✨"} ${description} ✨`;
  }
  return {
    title: strip(fillPlaceholders(text.title, values)),
    description,
    keywords: text.keywords.map((k) => strip(fillPlaceholders(k, values))).filter(Boolean),
  };
}
