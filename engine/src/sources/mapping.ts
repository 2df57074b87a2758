// A source's attribute mapping: which shop attributes hold brand, size, colour, condition and
// material, and how the shop's condition values read in Stoflow's conditions. Defaults cover
// the usual English and French names; the seller edits them per source (stored in
// catalog_sources.mapping, merged over the defaults).
import { tenant } from "@stoflow/db";
import { z } from "zod";

export const MAPPED_FIELDS = ["brand", "size", "colour", "condition", "material"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];
type Condition = (typeof tenant.CONDITIONS)[number];

export const MappingSchema = z
  .strictObject({
    attributes: z
      .partialRecord(z.enum(MAPPED_FIELDS), z.array(z.string().trim().min(1).max(100)).max(20))
      .optional()
      .meta({ description: "Stoflow field -> shop attribute names (case and accents ignored)" }),
    conditions: z
      .record(z.string().trim().min(1).max(100), z.enum(tenant.CONDITIONS))
      .optional()
      .meta({ description: "Shop condition value -> Stoflow condition" }),
  })
  .meta({ id: "SourceMapping" });
export type StoredMapping = z.infer<typeof MappingSchema>;

export interface Mapping {
  attributes: Record<MappedField, string[]>;
  conditions: Record<string, Condition>;
}

export const DEFAULT_MAPPING: Mapping = {
  attributes: {
    brand: ["brand", "marque", "vendor", "manufacturer", "fabricant"],
    size: ["size", "taille", "pointure"],
    colour: ["colour", "color", "couleur"],
    condition: ["condition", "etat", "state"],
    material: ["material", "matiere", "composition", "fabric"],
  },
  conditions: {
    "new with tags": "new_with_tags",
    "neuf avec etiquette": "new_with_tags",
    "neuf avec etiquettes": "new_with_tags",
    nwt: "new_with_tags",
    "new without tags": "new_without_tags",
    "neuf sans etiquette": "new_without_tags",
    "neuf sans etiquettes": "new_without_tags",
    new: "new_without_tags",
    neuf: "new_without_tags",
    "very good": "very_good",
    "like new": "very_good",
    excellent: "very_good",
    "tres bon etat": "very_good",
    good: "good",
    "bon etat": "good",
    satisfactory: "satisfactory",
    fair: "satisfactory",
    used: "satisfactory",
    "etat satisfaisant": "satisfactory",
    satisfaisant: "satisfactory",
  },
};

/** Lower case, no accents, no WooCommerce `pa_` prefix, single spaces. */
export function normaliseKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/^pa_/, "")
    .replace(/[\s_-]+/g, " ")
    .trim();
}

/** The defaults with the seller's edits on top (a field the seller set replaces its default). */
export function effectiveMapping(stored: unknown): Mapping {
  const parsed = MappingSchema.safeParse(stored ?? {});
  const edits = parsed.success ? parsed.data : {};
  const conditions: Record<string, Condition> = {};
  for (const [value, condition] of Object.entries({
    ...DEFAULT_MAPPING.conditions,
    ...edits.conditions,
  }))
    conditions[normaliseKey(value)] = condition;
  return {
    attributes: { ...DEFAULT_MAPPING.attributes, ...edits.attributes },
    conditions,
  };
}

export interface MappedFields {
  brand: string | null;
  size: string | null;
  colors: string[];
  condition: Condition | null;
  material: string | null;
}

/** Values of the first attribute (in the mapping's order) that has any. */
function valuesFor(mapping: Mapping, field: MappedField, attributes: Map<string, string[]>) {
  for (const name of mapping.attributes[field]) {
    const values = attributes.get(normaliseKey(name));
    if (values && values.length > 0) return values;
  }
  return [];
}

export function conditionOf(mapping: Mapping, value: string | undefined): Condition | null {
  if (!value) return null;
  const key = normaliseKey(value);
  if ((tenant.CONDITIONS as readonly string[]).includes(key.replaceAll(" ", "_")))
    return key.replaceAll(" ", "_") as Condition;
  return mapping.conditions[key] ?? null;
}

/** Brand, size, colours, condition and material from a product's (or variant's) attributes. */
export function mapAttributes(
  mapping: Mapping,
  raw: Record<string, string[] | string>,
): MappedFields {
  const attributes = new Map<string, string[]>();
  for (const [name, value] of Object.entries(raw)) {
    const values = (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
    attributes.set(normaliseKey(name), values);
  }
  const one = (field: MappedField) => {
    const values = valuesFor(mapping, field, attributes);
    // Several values (a size per variant) say nothing about the product as a whole.
    return values.length === 1 ? (values[0] as string) : null;
  };
  return {
    brand: one("brand"),
    size: one("size"),
    colors: valuesFor(mapping, "colour", attributes).slice(0, 2),
    condition: conditionOf(mapping, one("condition") ?? undefined),
    material: one("material"),
  };
}
