// What the AI writes for, and each platform's limits. The rules are enforced on every text
// whatever the model returned (platform-rules.ts).

export const AI_PLATFORMS = ["vinted", "ebay", "etsy"] as const;
export type AiPlatform = (typeof AI_PLATFORMS)[number];

export const AI_LANGUAGES = ["fr", "en", "de", "es", "it", "nl", "pl"] as const;
export type AiLanguage = (typeof AI_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<AiLanguage, string> = {
  fr: "French",
  en: "English",
  de: "German",
  es: "Spanish",
  it: "Italian",
  nl: "Dutch",
  pl: "Polish",
};

export interface PlatformRule {
  titleMax: number;
  /** Description length window, in characters; short/standard/long targets inside it. */
  descriptionMin: number;
  descriptionMax: number;
  descriptionTarget: { short: number; standard: number; long: number };
  keywordsMax: number;
  keywordMaxLength: number;
  /** eBay wants bullet points; Vinted and Etsy plain prose. */
  bullets: boolean;
}

export const PLATFORM_RULES: Record<AiPlatform, PlatformRule> = {
  // The business plan: 200-300 characters, friendly, with resale keywords. Title: Vinted's 100.
  vinted: {
    titleMax: 100,
    descriptionMin: 200,
    descriptionMax: 300,
    descriptionTarget: { short: 220, standard: 280, long: 300 },
    keywordsMax: 8,
    keywordMaxLength: 30,
    bullets: false,
  },
  // eBay: 80-character titles, descriptions up to 5,000 characters here, formal, bullet points.
  ebay: {
    titleMax: 80,
    descriptionMin: 200,
    descriptionMax: 5000,
    descriptionTarget: { short: 600, standard: 1500, long: 5000 },
    keywordsMax: 10,
    keywordMaxLength: 65,
    bullets: true,
  },
  // Etsy: 140-character titles, 13 tags of at most 20 characters, storytelling.
  etsy: {
    titleMax: 140,
    descriptionMin: 250,
    descriptionMax: 2000,
    descriptionTarget: { short: 500, standard: 1000, long: 2000 },
    keywordsMax: 13,
    keywordMaxLength: 20,
    bullets: false,
  },
};

export const isAiPlatform = (p: string): p is AiPlatform =>
  (AI_PLATFORMS as readonly string[]).includes(p);
export const isAiLanguage = (l: string): l is AiLanguage =>
  (AI_LANGUAGES as readonly string[]).includes(l);
