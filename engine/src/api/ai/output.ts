import type { z } from "zod";
import type { Generation as Row } from "../../ai/generations.ts";
import type { Run as RunRow } from "../../ai/runs.ts";
import type { Generation, Run } from "./schemas.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function generationOut(g: Row): z.output<typeof Generation> {
  return {
    id: g.id,
    productId: g.productId,
    runId: g.runId,
    status: g.status,
    language: g.language,
    platforms: g.platforms,
    texts: g.texts,
    templateMade: g.templateFallback,
    fallbackReason: g.fallbackReason,
    cacheHit: g.cacheHit,
    model: g.model,
    promptTokens: g.promptTokens,
    completionTokens: g.completionTokens,
    costMicros: g.costMicros,
    error: g.error,
    appliedAt: iso(g.appliedAt),
    appliedPlatform: g.appliedPlatform as z.output<typeof Generation>["appliedPlatform"],
    createdAt: g.createdAt.toISOString(),
  };
}

export function runOut(r: RunRow): z.output<typeof Run> {
  return {
    id: r.id,
    status: r.status as "running" | "finished",
    platforms: r.platforms as z.output<typeof Run>["platforms"],
    language: r.language as z.output<typeof Run>["language"],
    apply: r.apply,
    total: r.total,
    done: r.done,
    failed: r.failed,
    cacheHits: r.cacheHits,
    fallbacks: r.fallbacks,
    progress: r.total ? (r.done + r.failed) / r.total : 1,
    createdAt: r.createdAt.toISOString(),
    finishedAt: iso(r.finishedAt),
  };
}
