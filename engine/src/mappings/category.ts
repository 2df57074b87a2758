import type { Catalogue, Mapping } from "./catalogue.ts";
import { compact } from "./normalise.ts";

export type Match = { ok: true; mapping: Mapping } | { ok: false; message: string };

/** "Femmes › Vêtements › Jeans": the labels from the department down. */
export function categoryLabel(catalogue: Catalogue, mapping: Mapping): string {
  const labels: string[] = [];
  let node: Mapping | undefined = mapping;
  while (node) {
    labels.unshift(node.externalLabel ?? node.internalValue);
    const parent: unknown = node.attributes.parent;
    node = typeof parent === "string" ? catalogue.byValue.get(`category:${parent}`) : undefined;
  }
  return labels.join(" › ");
}

function names(mapping: Mapping): string[] {
  const aliases = Array.isArray(mapping.attributes.aliases)
    ? (mapping.attributes.aliases as string[])
    : [];
  const last = mapping.internalValue.split("/").at(-1) ?? mapping.internalValue;
  return [last, mapping.externalLabel ?? "", ...aliases].map(compact);
}

interface CategoryIndex {
  byPath: Map<string, Mapping[]>; // compacted segments joined by "/"
  byName: Map<string, Mapping[]>; // compacted last segment, label or alias
}

// Built once per loaded catalogue: matching then slugs the seller's text, not the whole tree.
const indexes = new WeakMap<Catalogue, CategoryIndex>();

function indexOf(catalogue: Catalogue): CategoryIndex {
  let index = indexes.get(catalogue);
  if (index) return index;
  index = { byPath: new Map(), byName: new Map() };
  const add = (map: Map<string, Mapping[]>, key: string, c: Mapping) => {
    const list = map.get(key) ?? [];
    if (!list.includes(c)) list.push(c);
    map.set(key, list);
  };
  for (const c of catalogue.categories) {
    add(index.byPath, c.internalValue.split("/").map(compact).join("/"), c);
    for (const name of names(c)) add(index.byName, name, c);
  }
  indexes.set(catalogue, index);
  return index;
}

/**
 * A seller's category to a Vinted category: a path ("femmes/vetements/jeans",
 * "Femmes > Vêtements > Jeans") or a name that designates one category ("Robes",
 * "Sacs à main"). Vinted lists items only in leaves of its tree.
 */
export function matchCategory(catalogue: Catalogue, text: string): Match {
  const segments = text.split(/[/>›]/).map((segment) => compact(segment));
  const index = indexOf(catalogue);
  let candidates: Mapping[];
  if (segments.length > 1) {
    candidates = index.byPath.get(segments.join("/")) ?? [];
  } else {
    candidates = index.byName.get(compact(text)) ?? [];
    const leaves = candidates.filter((c) => c.attributes.leaf !== false);
    if (leaves.length > 0) candidates = leaves;
  }
  const quoted = `'${text.trim()}'`;
  if (candidates.length === 0) {
    return { ok: false, message: `category ${quoted} has no Vinted category` };
  }
  if (candidates.length > 1) {
    const options = candidates.map((c) => categoryLabel(catalogue, c)).join(", ");
    const example = (candidates[0] as Mapping).internalValue;
    return {
      ok: false,
      message: `category ${quoted} matches several Vinted categories (${options}); give the full path, e.g. '${example}'`,
    };
  }
  const mapping = candidates[0] as Mapping;
  if (mapping.attributes.leaf === false) {
    const children = catalogue.categories
      .filter((c) => c.attributes.parent === mapping.internalValue)
      .slice(0, 4)
      .map((c) => c.externalLabel ?? c.internalValue);
    return {
      ok: false,
      message: `category ${quoted} (${categoryLabel(catalogue, mapping)}) is too general for Vinted; choose a sub-category such as ${children.join(", ")}`,
    };
  }
  return { ok: true, mapping };
}
