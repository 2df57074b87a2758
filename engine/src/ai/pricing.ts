// List prices in US dollars per million tokens (input, output), from the providers' price
// pages. Cost is kept in micro-dollars: a dollar per million tokens is a micro-dollar a token.

export const DEFAULT_MODEL = "gpt-4o-mini";

const PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1": { input: 2, output: 8 },
};

/** The price of a model, matched by prefix ("gpt-4o-mini-2024-07-18"); undefined if unknown. */
export function priceOf(model: string): { input: number; output: number } | undefined {
  const name = Object.keys(PRICES)
    .sort((a, b) => b.length - a.length)
    .find((m) => model === m || model.startsWith(`${m}-`));
  return name ? PRICES[name] : undefined;
}

/** Micro-dollars for one call; 0 for a model without a list price (a local model). */
export function costMicros(model: string, promptTokens: number, completionTokens: number): number {
  const price = priceOf(model);
  if (!price) return 0;
  return Math.round(promptTokens * price.input + completionTokens * price.output);
}
