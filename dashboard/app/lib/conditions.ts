import type { Schemas } from "@stoflow/client";

export type Condition = NonNullable<Schemas["Product"]["condition"]>;

/** Stoflow's item conditions, best first (the engine's enum). */
export const CONDITIONS = [
  "new_with_tags",
  "new_without_tags",
  "very_good",
  "good",
  "satisfactory",
] as const satisfies readonly Condition[];

/** The conditions as Select options, labelled in the current language. */
export const conditionChoices = (t: (key: string) => string) =>
  CONDITIONS.map((value) => ({ value, label: t(`product.conditions.${value}`) }));
