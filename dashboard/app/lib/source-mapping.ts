// A shop's attribute mapping as the dialog edits it: per Stoflow field the shop attribute names
// (comma-separated, first found wins), custom or the engine's default, and the seller's own
// condition values. The engine keeps only the seller's edits and merges them over its defaults.
import type { Schemas } from "@stoflow/client";
import type { ApiProblem } from "./api-problem";
import type { Condition } from "./conditions";

export const MAPPED_FIELDS = ["brand", "size", "colour", "condition", "material"] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

type View = Schemas["SourceMappingView"];
export type MappingBody = Schemas["SourceMapping"] & { reimport?: boolean };

export interface FieldForm {
  /** The names, comma-separated, in the order they are tried. */
  names: string;
  /** The seller's own names (else the engine's defaults). */
  custom: boolean;
}

export interface MappingForm {
  attributes: Record<MappedField, FieldForm>;
  /** The seller's own condition values (the built-in ones are not repeated here). */
  conditions: { value: string; condition: Condition | null }[];
  reimport: boolean;
}

const joinNames = (names: readonly string[] | undefined) => (names ?? []).join(", ");

export const splitNames = (text: string) =>
  text
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);

export function mappingForm(view: View): MappingForm {
  const stored = view.stored.attributes ?? {};
  const attributes = {} as Record<MappedField, FieldForm>;
  for (const field of MAPPED_FIELDS) {
    const own = stored[field];
    attributes[field] = {
      names: joinNames(own ?? view.effective.attributes[field]),
      custom: own !== undefined,
    };
  }
  const conditions = Object.entries(view.stored.conditions ?? {}).map(([value, condition]) => ({
    value,
    condition,
  }));
  return { attributes, conditions, reimport: true };
}

/** What PUT /sources/{id}/mapping takes: the whole of the seller's edits (it replaces them). */
export function mappingBody(form: MappingForm): MappingBody {
  const attributes: Record<string, string[]> = {};
  for (const field of MAPPED_FIELDS) {
    const f = form.attributes[field];
    if (f.custom) attributes[field] = splitNames(f.names);
  }
  const conditions: Record<string, Condition> = {};
  for (const row of form.conditions) {
    if (row.value.trim() && row.condition) conditions[row.value.trim()] = row.condition;
  }
  return { attributes, conditions, reimport: form.reimport };
}

/** The engine's bounds (engine/src/sources/mapping.ts): names per field, characters. */
export const MAX_NAMES = 20;
export const MAX_LENGTH = 100;

/**
 * The API's validation errors by where they belong in the form: `brand`, `size`… for the
 * attribute names, `conditions` for the condition values, `form` for the rest. An error about
 * a name or about the number of names is said in the seller's language, naming the culprit;
 * others keep the engine's words.
 */
export function mappingErrors(
  problem: ApiProblem,
  form: MappingForm,
  t: (key: string, values?: Record<string, unknown>) => string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (where: string, message: string) => {
    if (!out[where]?.includes(message)) out[where] = [...(out[where] ?? []), message];
  };
  for (const e of problem.problem.errors ?? []) {
    const [, group, key, index] = e.path.split(".");
    if (group === "attributes" && (MAPPED_FIELDS as readonly string[]).includes(key ?? "")) {
      const field = key as MappedField;
      const name =
        index === undefined ? undefined : splitNames(form.attributes[field].names)[Number(index)];
      add(
        field,
        name !== undefined
          ? t("mapping.nameTooLong", { name: `${name.slice(0, 24)}…`, max: MAX_LENGTH })
          : t("mapping.tooManyNames", { max: MAX_NAMES }),
      );
    } else if (group === "conditions" && key) {
      add("conditions", t("mapping.conditionInvalid", { value: key, max: MAX_LENGTH }));
    } else add("form", e.message);
  }
  return out;
}
