import type { Schemas } from "@stoflow/client";

type Generation = Schemas["AiGeneration"];

/** Polls a queued generation until it is written (or the wait runs out). */
export async function waitForGeneration(
  read: (id: string) => Promise<Generation>,
  first: Generation,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<Generation> {
  const { intervalMs = 1000, timeoutMs = 60_000 } = options;
  const end = Date.now() + timeoutMs;
  let current = first;
  while (current.status === "pending" && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    current = await read(current.id);
  }
  return current;
}

/** Why a text came from a template rather than the model, as an i18n key; null when it did not. */
export function fallbackKey(generation: Generation): string | null {
  if (!generation.templateMade) return null;
  return `ai.fallback.${generation.fallbackReason ?? "model_failed"}`;
}
