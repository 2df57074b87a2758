// Deterministic texts per platform and language, for when no model may or can be asked (no
// key, quota used up, the API failing). Written with the same placeholders as the model's
// texts, so personalisation and the platform rules treat both alike.
import type { NormalisedAttributes } from "../attributes.ts";
import type { AiLanguage, AiPlatform } from "../platforms.ts";
import type { Tone } from "../settings.ts";
import type { ListingText } from "../texts.ts";
import { PHRASES } from "./index.ts";

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Label: {placeholder}" for each fact the product has. */
function factLines(attrs: NormalisedAttributes, language: AiLanguage): string[] {
  const { labels } = PHRASES[language];
  const sep = language === "fr" ? " : " : ": ";
  const lines: string[] = [];
  if (attrs.brand) lines.push(`${labels.brand}${sep}{brand}`);
  if (attrs.color) lines.push(`${labels.color}${sep}{color}`);
  if (attrs.material) lines.push(`${labels.material}${sep}{material}`);
  if (attrs.size) lines.push(`${labels.size}${sep}{size}`);
  if (attrs.condition) lines.push(`${labels.condition}${sep}{condition}`);
  return lines;
}

export function itemName(attrs: NormalisedAttributes, language: AiLanguage): string {
  return PHRASES[language].items[attrs.item];
}

export function templateTitle(attrs: NormalisedAttributes, language: AiLanguage): string {
  const parts = [capital(itemName(attrs, language))];
  if (attrs.brand) parts.push("{brand}");
  if (attrs.color) parts.push("{color}");
  if (attrs.size) parts.push(`${PHRASES[language].labels.size.toLowerCase()} {size}`);
  return parts.join(" ");
}

/** eBay's bullet points: item, then each known fact. */
export function templateBullets(attrs: NormalisedAttributes, language: AiLanguage): string[] {
  const { labels } = PHRASES[language];
  const sep = language === "fr" ? " : " : ": ";
  return [`${labels.item}${sep}${itemName(attrs, language)}`, ...factLines(attrs, language)].map(
    (l) => `- ${l}`,
  );
}

/** Neutral sentences a too-short text may be padded with. */
export function fillerSentences(language: AiLanguage, tone: Tone): string[] {
  const p = PHRASES[language];
  return [...p.body, p.closing[tone], ...p.etsyStory];
}

export function templateText(
  platform: AiPlatform,
  attrs: NormalisedAttributes,
  language: AiLanguage,
  tone: Tone,
): ListingText {
  const p = PHRASES[language];
  const item = itemName(attrs, language);
  const title = templateTitle(attrs, language);
  const keywords = [item, ...(attrs.brand ? ["{brand}"] : []), ...p.keywords];
  const facts = factLines(attrs, language);
  if (platform === "vinted") {
    const head = `${capital(item)}${attrs.brand ? " {brand}" : ""}. ${facts.filter((f) => !f.includes("{brand}")).join(". ")}.`;
    return {
      title,
      description: [head, p.body[0], p.closing[tone]].join(" "),
      keywords,
    };
  }
  if (platform === "ebay") {
    return {
      title: attrs.condition ? `${title} {condition}` : title,
      description: [
        attrs.condition ? p.ebayOpening : p.ebayOpening.replace(/ [^ ]*\{condition\}[^,.]*/u, ""),
        templateBullets(attrs, language).join("\n"),
        p.ebayClosing,
      ].join("\n\n"),
      keywords,
    };
  }
  return {
    title: `${title} - ${p.keywords[0]}`,
    description: [
      p.etsyStory[0],
      p.etsyStory[1],
      attrs.condition ? p.etsyCare : "",
      facts.join(". ") + (facts.length ? "." : ""),
    ]
      .filter(Boolean)
      .join("\n\n"),
    keywords,
  };
}
