import type { Tx } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { Price, ProductStatus } from "./input.ts";
import { deleteProducts } from "./repository.ts";

export const MAX_BULK_IDS = 1000;

const Ids = z
  .array(z.uuid({ error: "Not a valid id." }))
  .min(1)
  .max(MAX_BULK_IDS)
  .meta({ description: `Products to act on (at most ${MAX_BULK_IDS}); unknown ids are skipped` });

export const BulkAction = z
  .discriminatedUnion("action", [
    z.strictObject({ action: z.literal("delete"), ids: Ids }),
    z.strictObject({ action: z.literal("setPrice"), ids: Ids, price: Price }),
    z.strictObject({ action: z.literal("setStatus"), ids: Ids, status: ProductStatus }),
  ])
  .meta({ id: "BulkAction" });

export type BulkAction = z.output<typeof BulkAction>;

/** Applies one action to many products in one statement; returns how many it touched. */
export async function runBulkAction(
  tx: Tx,
  action: BulkAction,
): Promise<{ affected: number; storageKeys: string[] }> {
  const ids = sql`${sql.param(action.ids)}::uuid[]`;
  if (action.action === "delete") return deleteProducts(tx, action.ids);
  const set =
    action.action === "setPrice"
      ? sql`price = ${action.price.toFixed(2)}::numeric`
      : sql`status = ${action.status}`;
  const result = await tx.execute(sql`
    UPDATE products SET ${set}, revision = revision + 1, updated_at = now()
    WHERE id = ANY(${ids})`);
  return { affected: result.rowCount ?? 0, storageKeys: [] };
}
