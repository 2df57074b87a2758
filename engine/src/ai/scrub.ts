// Takes out what no listing may carry: other marketplaces, links, e-mail addresses, phone
// numbers, messaging apps (the same detector as the Vinted lint), and the names of our own
// marketplaces in a text meant for another one.
import { scanText } from "../listings/lint-text.ts";
import { sentences } from "./text-cut.ts";

const OUR_MARKETPLACES = /(?<![\p{L}\p{N}])(vinted|ebay|etsy|leboncoin|depop)(?![\p{L}\p{N}])/iu;

export function isClean(text: string): boolean {
  return scanText(text).length === 0 && !OUR_MARKETPLACES.test(text);
}

/** Drops every sentence that sends buyers elsewhere; true in `removed` when one went. */
export function scrubProse(text: string): { text: string; removed: boolean } {
  let removed = false;
  const lines = text.split("\n").map((line) => {
    const bullet = /^\s*([-•*·–]\s+)/u.exec(line)?.[1] ?? "";
    const kept = sentences(line.slice(bullet.length)).filter((s) => {
      const ok = isClean(s);
      if (!ok) removed = true;
      return ok;
    });
    return kept.length ? bullet + kept.join(" ") : undefined;
  });
  return { text: lines.filter((l) => l !== undefined).join("\n"), removed };
}

/** A title keeps its words except the offending ones. */
export function scrubTitle(text: string): { text: string; removed: boolean } {
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => isClean(w));
  const joined = kept.join(" ");
  // A phrase across words ("le bon coin", "06 12 34 56 78"): drop the title's tail from it.
  if (!isClean(joined)) {
    const out: string[] = [];
    for (const w of kept) {
      if (!isClean([...out, w].join(" "))) break;
      out.push(w);
    }
    return { text: out.join(" "), removed: true };
  }
  return { text: joined, removed: kept.length !== words.length };
}
