// Applying a generation: the chosen platform's title and description become the product's
// (a new revision, so live listings are updated like after any edit). Until then the texts
// stay a suggestion on the generation.
import type { Tx } from "@stoflow/db";
import type { PgBoss } from "pg-boss";
import { queueListingUpdates } from "../listings/updates.ts";
import { updateProduct } from "../products/repository.ts";
import { type Generation, markApplied } from "./generations.ts";
import type { AiPlatform } from "./platforms.ts";

export type ApplyResult =
  | { ok: true; generation: Generation }
  | { ok: false; reason: "not_ready" | "no_product" | "no_platform" };

export async function applyGeneration(
  tx: Tx,
  boss: PgBoss | undefined,
  tenantId: number,
  generation: Generation,
  platform?: AiPlatform,
): Promise<ApplyResult> {
  if (generation.status !== "succeeded" && generation.status !== "fallback")
    return { ok: false, reason: "not_ready" };
  const chosen = platform ?? (generation.texts.vinted ? "vinted" : generation.platforms[0]);
  const text = chosen ? generation.texts[chosen] : undefined;
  if (!chosen || !text) return { ok: false, reason: "no_platform" };
  if (!generation.productId) return { ok: false, reason: "no_product" };
  const updated = await updateProduct(tx, generation.productId, {
    title: text.title,
    description: text.description,
  });
  if (!updated) return { ok: false, reason: "no_product" };
  await queueListingUpdates(boss, tx, tenantId, [generation.productId]);
  return { ok: true, generation: await markApplied(tx, generation.id, chosen) };
}
