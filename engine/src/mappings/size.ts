import type { Catalogue, Mapping } from "./catalogue.ts";
import { sizeKey } from "./normalise.ts";

/** The Vinted size for a seller's size in a category's size group; undefined when none. */
export function matchSize(catalogue: Catalogue, group: string, text: string): Mapping | undefined {
  if (group === "one_size") return catalogue.byValue.get("size:one_size/tu");
  const direct = catalogue.byValue.get(`size:${group}/${sizeKey(text)}`);
  if (direct) return direct;
  // "M / 38", "S-M": the first part Vinted knows.
  for (const part of text.split(/[/|,]|\s-\s/)) {
    const found = part.trim() && catalogue.byValue.get(`size:${group}/${sizeKey(part)}`);
    if (found) return found;
  }
  return undefined;
}

/** "XXS / 32 … 4XL / 48": the first and last sizes of a group in seed order, for messages. */
export function sizeRange(catalogue: Catalogue, group: string): string {
  const labels = [...catalogue.byValue.values()]
    .filter((m) => m.kind === "size" && m.attributes.group === group)
    .map((m) => m.externalLabel ?? m.internalValue);
  const unique = [...new Set(labels)];
  return unique.length > 1 ? `${unique[0]} … ${unique.at(-1)}` : (unique[0] ?? "none");
}
