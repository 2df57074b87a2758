import type { Schemas } from "@stoflow/client";

export type Condition = NonNullable<Schemas["Product"]["condition"]>;

/**
 * Stoflow's item conditions with their rank, best first. Keyed by the API's enum, so the type
 * check fails here when the engine adds or drops a condition.
 */
const RANK = {
  new_with_tags: 1,
  new_without_tags: 2,
  very_good: 3,
  good: 4,
  satisfactory: 5,
} as const satisfies Record<Condition, number>;

const CONDITIONS = (Object.keys(RANK) as Condition[]).sort((a, b) => RANK[a] - RANK[b]);

/** The conditions as Select options, labelled in the current language. */
export const conditionChoices = (t: (key: string) => string) =>
  CONDITIONS.map((value) => ({ value, label: t(`product.conditions.${value}`) }));
