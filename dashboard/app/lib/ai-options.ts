import type { Schemas } from "@stoflow/client";

type AiSettings = Schemas["AiSettings"];

// The choices the AI texts offer, in the order the selects show them (the engine's enums).
export const TONES = [
  "friendly",
  "professional",
  "enthusiastic",
] as const satisfies readonly AiSettings["tone"][];
export const LENGTHS = [
  "short",
  "standard",
  "long",
] as const satisfies readonly AiSettings["length"][];

/** The shop's preferences before it chose any (the engine's defaults). */
export const DEFAULT_AI_SETTINGS: AiSettings = {
  tone: "friendly",
  length: "standard",
  emoji: false,
  language: null,
};

/** Tone and length as Select options, labelled in the current language. */
export function aiChoices(t: (key: string) => string) {
  return {
    tones: TONES.map((value) => ({ value, label: t(`product.tones.${value}`) })),
    lengths: LENGTHS.map((value) => ({ value, label: t(`product.lengths.${value}`) })),
  };
}
