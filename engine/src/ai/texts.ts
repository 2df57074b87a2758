import type { AiPlatform } from "./platforms.ts";

/** One platform's listing text. */
export interface ListingText {
  title: string;
  description: string;
  keywords: string[];
}

/** Where a text came from: the model now, the shared cache, or a deterministic template. */
export type TextSource = "ai" | "cache" | "template";

export interface PlatformText extends ListingText {
  source: TextSource;
  /** What the rules changed or why a template was used (e.g. "cut", "wrong_language"). */
  fixes: string[];
}

export type PlatformTexts = Partial<Record<AiPlatform, PlatformText>>;

/** Length as a seller and a marketplace count it: characters, not UTF-16 units. */
export const charCount = (text: string) => [...text].length;
