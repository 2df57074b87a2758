// ai_generations rows (tenant schema): one per product and request, pending until its job ran,
// then holding the texts per platform. A generation is a suggestion until applied.
import { type Tx, tenant } from "@stoflow/db";
import { and, desc, eq } from "drizzle-orm";
import type { FallbackReason, Outcome } from "./generate.ts";
import type { AiLanguage, AiPlatform } from "./platforms.ts";
import type { PlatformText } from "./texts.ts";

export type GenerationStatus = "pending" | "succeeded" | "fallback" | "failed";

export interface Generation {
  id: string;
  productId: string | null;
  runId: string | null;
  status: GenerationStatus;
  language: AiLanguage;
  platforms: AiPlatform[];
  texts: Partial<Record<AiPlatform, PlatformText>>;
  /** Why templates were used ("no_key", "plan", "quota", "model_failed", "invalid_output"). */
  fallbackReason: FallbackReason | null;
  cacheHit: boolean;
  templateFallback: boolean;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  error: string | null;
  appliedAt: Date | null;
  appliedPlatform: string | null;
  createdAt: Date;
}

const g = tenant.aiGenerations;
type Row = typeof g.$inferSelect;

function toGeneration(row: Row): Generation {
  const result = (row.result ?? {}) as { texts?: Generation["texts"]; reason?: FallbackReason };
  return {
    id: row.id,
    productId: row.productId,
    runId: row.runId,
    status: row.status as GenerationStatus,
    language: row.language as AiLanguage,
    platforms: row.platforms as AiPlatform[],
    texts: result.texts ?? {},
    fallbackReason: result.reason ?? null,
    cacheHit: row.cacheHit,
    templateFallback: row.templateFallback,
    model: row.model,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    costMicros: row.costMicros,
    error: row.error,
    appliedAt: row.appliedAt,
    appliedPlatform: row.appliedPlatform,
    createdAt: row.createdAt,
  };
}

const outcomeColumns = (o: Outcome) => ({
  status: o.status,
  model: o.model,
  promptVersion: o.promptVersion,
  cacheHit: o.cacheHit,
  templateFallback: Object.values(o.texts).some((t) => t?.source === "template"),
  promptTokens: o.promptTokens,
  completionTokens: o.completionTokens,
  costMicros: o.costMicros,
  error: o.error,
  result: { texts: o.texts, reason: o.reason },
});

export async function insertPending(
  tx: Tx,
  rows: { productId: string; platforms: AiPlatform[]; language: AiLanguage; runId?: string }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(g)
    .values(rows.map((r) => ({ ...r, runId: r.runId ?? null, status: "pending" })))
    .returning({ id: g.id });
  return inserted.map((r) => r.id);
}

export async function insertFinished(
  tx: Tx,
  productId: string,
  platforms: AiPlatform[],
  outcome: Outcome,
): Promise<Generation> {
  const [row] = await tx
    .insert(g)
    .values({ productId, platforms, language: outcome.language, ...outcomeColumns(outcome) })
    .returning();
  return toGeneration(row as Row);
}

/** Records a pending generation's outcome; undefined when it was no longer pending. */
export async function finishGeneration(tx: Tx, id: string, outcome: Outcome) {
  const [row] = await tx
    .update(g)
    .set(outcomeColumns(outcome))
    .where(and(eq(g.id, id), eq(g.status, "pending")))
    .returning();
  return row ? toGeneration(row) : undefined;
}

export async function failGeneration(tx: Tx, id: string, error: string) {
  const [row] = await tx
    .update(g)
    .set({ status: "failed", error })
    .where(and(eq(g.id, id), eq(g.status, "pending")))
    .returning();
  return row ? toGeneration(row) : undefined;
}

export async function findGeneration(tx: Tx, id: string): Promise<Generation | undefined> {
  const [row] = await tx.select().from(g).where(eq(g.id, id));
  return row ? toGeneration(row) : undefined;
}

export async function generationsOfProduct(tx: Tx, productId: string, limit = 10) {
  const rows = await tx
    .select()
    .from(g)
    .where(eq(g.productId, productId))
    .orderBy(desc(g.createdAt))
    .limit(limit);
  return rows.map(toGeneration);
}

export async function markApplied(tx: Tx, id: string, platform: AiPlatform) {
  const [row] = await tx
    .update(g)
    .set({ appliedAt: new Date(), appliedPlatform: platform })
    .where(eq(g.id, id))
    .returning();
  return toGeneration(row as Row);
}
