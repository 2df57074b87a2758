// Shortening text without breaking a word: at a sentence end when one is late enough,
// else at the last space, with an ellipsis for prose.
import { charCount } from "./texts.ts";

const TRAILING_JUNK = /[\s,;:\-–—/|(]+$/u;

/** At most `max` characters, cut at a word boundary; "" when the first word alone is too long. */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join("");
  const next = chars[max] ?? "";
  if (/\s/u.test(next)) return head.replace(TRAILING_JUNK, "");
  const space = head.search(/\s\S*$/u);
  if (space <= 0) return "";
  return head.slice(0, space).replace(TRAILING_JUNK, "");
}

/**
 * Prose of at most `max` characters: ends at the last sentence end at or after `minSentence`
 * characters if there is one, else at a word boundary followed by "…".
 */
export function cutProse(text: string, max: number, minSentence: number): string {
  if (charCount(text) <= max) return text;
  const head = [...text].slice(0, max).join("");
  let end = -1;
  for (const m of head.matchAll(/[.!?…](?=\s|$)/gu)) end = m.index + m[0].length;
  if (end > 0 && charCount(head.slice(0, end)) >= minSentence) return head.slice(0, end).trim();
  const cut = cutAtWord(text, max - 1);
  return cut ? `${cut.replace(/[.!?…]+$/u, "")}…` : "";
}

/** Sentences (and lines) of a text, keeping their end punctuation. */
export function sentences(text: string): string[] {
  return (
    text
      .split(/\n+/)
      // A sentence ends at . ! ? … followed by a space: "www.site.fr" stays one piece.
      .flatMap((line) => line.match(/\S.*?(?:[.!?…]+(?=\s|$)|$)/gu) ?? [])
      .map((s) => s.trim())
      .filter(Boolean)
  );
}
