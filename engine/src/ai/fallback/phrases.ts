// The words a template-made text is built from, one table per language (languages/*.ts).
// Texts use "Label: value" lines where a sentence would need grammatical agreement.

import type { Tone } from "../settings.ts";

export const ITEM_KINDS = [
  "jeans",
  "dress",
  "sweater",
  "sweatshirt",
  "jacket",
  "coat",
  "tshirt",
  "shirt",
  "top",
  "skirt",
  "trousers",
  "shorts",
  "sneakers",
  "boots",
  "shoes",
  "bag",
  "item",
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const CONDITION_CODES = [
  "new_with_tags",
  "new_without_tags",
  "very_good",
  "good",
  "satisfactory",
] as const;
export type ConditionCode = (typeof CONDITION_CODES)[number];

export interface Phrases {
  items: Record<ItemKind, string>;
  conditions: Record<ConditionCode, string>;
  labels: {
    brand: string;
    item: string;
    color: string;
    material: string;
    size: string;
    condition: string;
  };
  /** Two general sentences about a worn, checked piece (no agreement with the item). */
  body: [string, string];
  closing: Record<Tone, string>;
  ebayOpening: string;
  ebayClosing: string;
  /** Etsy: a short story in two paragraphs, then care. */
  etsyStory: [string, string];
  etsyCare: string;
  /** Resale search words every listing can carry. */
  keywords: string[];
}
