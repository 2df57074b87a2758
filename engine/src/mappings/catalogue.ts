import type { Db, Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { compact } from "./normalise.ts";

export type MappingKind = "brand" | "category" | "size" | "color" | "condition" | "package_size";

export interface Mapping {
  kind: MappingKind;
  internalValue: string;
  externalId: string;
  externalLabel: string | null;
  attributes: Record<string, unknown>;
}

/** One platform's mappings, indexed for lookups by internal value and by compact key. */
export interface Catalogue {
  byValue: Map<string, Mapping>; // `${kind}:${internalValue}`
  byKey: Map<string, Mapping[]>; // `${kind}:${compact(value or alias or label)}`
  categories: Mapping[];
}

// Mappings change with migrations (or an operator), not per request: a short cache keeps a
// publish from reading a thousand rows while an edit still shows within a minute.
const TTL_MS = 60_000;
const cache = new WeakMap<Db, Map<string, { at: number; catalogue: Promise<Catalogue> }>>();

/**
 * The platform's mappings, cached per database. `reader` reads them on a miss: a transaction
 * the caller holds, so a caller inside one never waits for a second pooled connection.
 */
export function loadCatalogue(db: Db, platform: string, reader: Db | Tx = db): Promise<Catalogue> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const hit = perDb.get(platform);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.catalogue;
  const catalogue = readCatalogue(reader, platform);
  perDb.set(platform, { at: Date.now(), catalogue });
  catalogue.catch(() => perDb.delete(platform));
  return catalogue;
}

async function readCatalogue(db: Db | Tx, platform: string): Promise<Catalogue> {
  const { rows } = await db.execute<{
    kind: MappingKind;
    internal_value: string;
    external_id: string;
    external_label: string | null;
    attributes: Record<string, unknown>;
  }>(
    sql`SELECT kind, internal_value, external_id, external_label, attributes
        FROM platform_mappings WHERE platform = ${platform} ORDER BY id`,
  );
  const catalogue: Catalogue = { byValue: new Map(), byKey: new Map(), categories: [] };
  for (const row of rows) {
    const mapping: Mapping = {
      kind: row.kind,
      internalValue: row.internal_value,
      externalId: row.external_id,
      externalLabel: row.external_label,
      attributes: row.attributes ?? {},
    };
    catalogue.byValue.set(`${mapping.kind}:${mapping.internalValue}`, mapping);
    if (mapping.kind === "category") {
      catalogue.categories.push(mapping);
      continue; // matched by path or by name, see category.ts
    }
    if (mapping.kind === "size") continue; // looked up by group and size key, see size.ts
    const aliases = Array.isArray(mapping.attributes.aliases)
      ? (mapping.attributes.aliases as string[])
      : [];
    const names = [mapping.internalValue, ...aliases];
    if (mapping.externalLabel) names.push(mapping.externalLabel);
    for (const key of new Set(names.map(compact))) {
      const list: Mapping[] = catalogue.byKey.get(`${mapping.kind}:${key}`) ?? [];
      if (!list.includes(mapping)) list.push(mapping);
      catalogue.byKey.set(`${mapping.kind}:${key}`, list);
    }
  }
  return catalogue;
}

/** The mapping a seller's value names, by its compact key; undefined when none. */
export function findByKey(
  catalogue: Catalogue,
  kind: MappingKind,
  value: string,
): Mapping | undefined {
  return catalogue.byKey.get(`${kind}:${compact(value)}`)?.[0];
}
