// Every platform's rules, enforced on each text whatever produced it: limits, layout, and
// nothing that sends buyers elsewhere. Runs before the cache (on placeholder text) and again
// after personalisation (on the seller's values).
import { type AiPlatform, PLATFORM_RULES } from "./platforms.ts";
import { scrubProse, scrubTitle } from "./scrub.ts";
import { cutAtWord, cutProse, sentences } from "./text-cut.ts";
import { charCount, type ListingText } from "./texts.ts";

export interface RuleContext {
  platform: AiPlatform;
  /** Neutral sentences in the right language to pad a text that is too short. */
  filler: string[];
  /** "- Label: value" lines for eBay when the model wrote no bullet points. */
  bullets: string[];
  /** A title to use when nothing is left of the model's. */
  fallbackTitle: string;
  /** Upper length the seller asked for (short/standard/long); the platform maximum caps it. */
  targetLength?: number;
}

export interface RuleResult {
  text: ListingText;
  fixes: string[];
}

const BULLET = /^\s*[-•*·–]\s+/u;
const tidy = (s: string) =>
  s
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();

function asProse(text: string): string {
  // Etsy and Vinted read as prose: bullet lines become sentences.
  return text
    .split("\n")
    .map((line) => {
      if (!BULLET.test(line)) return line;
      const s = line.replace(BULLET, "").trim();
      return /[.!?…]$/u.test(s) ? s : `${s}.`;
    })
    .join("\n")
    .replace(/\.\n(?=\S)/g, ". ");
}

function withBullets(text: string, bullets: string[], fixes: string[]): string {
  const lines = text.split("\n").map((l) => (BULLET.test(l) ? l.replace(BULLET, "- ") : l));
  if (lines.some((l) => l.startsWith("- "))) return lines.join("\n");
  fixes.push("bullets_added");
  const [first, ...rest] = sentences(lines.join("\n"));
  return [first ?? "", bullets.join("\n"), rest.join(" ")].filter(Boolean).join("\n\n");
}

function pad(text: string, min: number, filler: string[], fixes: string[]): string {
  let out = text;
  for (const sentence of filler) {
    if (charCount(out) >= min) break;
    if (out.includes(sentence)) continue;
    out = out ? `${out} ${sentence}` : sentence;
    if (!fixes.includes("padded")) fixes.push("padded");
  }
  return out;
}

function keywordsOf(raw: string[], platform: AiPlatform, fixes: string[]): string[] {
  const rule = PLATFORM_RULES[platform];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of raw) {
    const word = k.replace(/^#+/, "").replace(/\s+/g, " ").trim().toLowerCase();
    const { text, removed } = scrubTitle(word);
    if (removed) fixes.push("keyword_removed");
    const kept = cutAtWord(text, rule.keywordMaxLength);
    if (!kept || seen.has(kept)) continue;
    seen.add(kept);
    out.push(kept);
    if (out.length === rule.keywordsMax) break;
  }
  return out;
}

export function enforcePlatformRules(input: ListingText, ctx: RuleContext): RuleResult {
  const rule = PLATFORM_RULES[ctx.platform];
  const fixes: string[] = [];

  const title = scrubTitle(input.title.replace(/\s+/g, " ").trim());
  if (title.removed) fixes.push("title_scrubbed");
  let titleText = cutAtWord(title.text, rule.titleMax).replace(/[\s\-–|,/:]+$/u, "");
  if (titleText !== title.text) fixes.push("title_cut");
  if (!titleText) titleText = cutAtWord(ctx.fallbackTitle, rule.titleMax);

  const scrubbed = scrubProse(tidy(input.description));
  if (scrubbed.removed) fixes.push("description_scrubbed");
  let description = rule.bullets
    ? withBullets(scrubbed.text, ctx.bullets, fixes)
    : tidy(asProse(scrubbed.text));
  description = pad(description, rule.descriptionMin, ctx.filler, fixes);
  const max = Math.min(rule.descriptionMax, ctx.targetLength ?? rule.descriptionMax);
  const cap = Math.max(max, rule.descriptionMin);
  if (charCount(description) > cap) {
    description = cutProse(description, cap, rule.descriptionMin);
    fixes.push("description_cut");
  }
  return {
    text: {
      title: titleText,
      description,
      keywords: keywordsOf(input.keywords, ctx.platform, fixes),
    },
    fixes: [...new Set(fixes)],
  };
}
