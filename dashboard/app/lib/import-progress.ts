import type { Schemas } from "@stoflow/client";

type Progress = Schemas["ImportProgress"];

/** The bar's value, 0-100; unknown while the shop has not said how many products it has. */
export function importPercent(p: Progress): number | undefined {
  if (p.status === "succeeded") return 100;
  if (!p.total) return undefined;
  return Math.min(100, Math.round((100 * (p.done + p.failed)) / p.total));
}

export const isRunning = (p: Progress | null | undefined) => p?.status === "running";
