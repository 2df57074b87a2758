import { type Db, type Tx, withTenant } from "@stoflow/db";
import type { z } from "zod";
import { HttpProblem } from "../../http/problem.ts";
import { showsOnListings } from "../../listings/updates.ts";
import type { Logger } from "../../logger.ts";
import { planOf } from "../../plans/plan.ts";
import { changedFields } from "../changes.ts";
import { ProductInput, ProductPatch } from "../input.ts";
import type { Product } from "../output.ts";
import { hasRoom, lockProductQuota, type ProductQuota } from "../quota.ts";
import { findIdBySku, findProduct, insertProduct, updateProduct } from "../repository.ts";
import { recordToInput } from "./cells.ts";
import { readCsv } from "./read.ts";

export const MAX_REPORTED_ERRORS = 1000;

export interface RowError {
  row: number;
  field: string | null;
  message: string;
}

export interface ImportReport {
  created: number;
  updated: number;
  failed: number;
  errors: RowError[];
}

function problemErrors(row: number, problem: HttpProblem["problem"]): RowError[] {
  const errors = problem.errors as { path: string; message: string }[] | undefined;
  if (!errors?.length) return [{ row, field: null, message: problem.detail ?? problem.title }];
  return errors.map((e) => ({ row, field: e.path.split(".")[1] ?? null, message: e.message }));
}

const issueErrors = (row: number, issues: z.core.$ZodIssue[]): RowError[] =>
  issues.map((i) => ({ row, field: i.path.length ? String(i.path[0]) : null, message: i.message }));

type Outcome = "created" | "updated" | RowError[];

/** Told, in the row's transaction, that an existing product changed what its listings show. */
export type ListedChange = (tx: Tx, productId: string) => Promise<unknown>;

/** One row, all or nothing: its own savepoint, so a failure undoes only that row. */
async function importRow(
  tx: Tx,
  row: number,
  input: Record<string, unknown>,
  quota: ProductQuota,
  removedKeys: string[],
  log: Logger,
  listed: ListedChange | undefined,
): Promise<Outcome> {
  const sku = typeof input.sku === "string" ? input.sku : undefined;
  const existing = sku ? await findIdBySku(tx, sku) : undefined;
  const parsed = (existing ? ProductPatch : ProductInput).safeParse(input);
  if (!parsed.success) return issueErrors(row, parsed.error.issues);
  if (!existing && !hasRoom(quota, 1)) {
    return [
      {
        row,
        field: null,
        message: `Your plan allows ${quota.max} products: upgrade to import more.`,
      },
    ];
  }
  try {
    await tx.transaction(async (savepoint) => {
      if (!existing) {
        await insertProduct(savepoint, parsed.data as ProductInput);
        return;
      }
      const current = (await findProduct(savepoint, existing)) as Product;
      const patch = changedFields(current, parsed.data);
      removedKeys.push(...((await updateProduct(savepoint, existing, patch)) ?? []));
      // In the row's savepoint: a row undone takes its marketplace updates with it.
      if (listed && showsOnListings(patch)) await listed(savepoint, existing);
    });
  } catch (error) {
    if (error instanceof HttpProblem) return problemErrors(row, error.problem);
    log.warn({ err: error, row }, "CSV import row failed");
    return [{ row, field: null, message: "This row could not be saved." }];
  }
  if (existing) return "updated";
  quota.current += 1;
  return "created";
}

/**
 * Inserts or updates (by SKU) every valid row of a CSV file and reports the others; rows
 * beyond the plan's product limit are reported too. Returns the storage keys of images the
 * updates removed, for the caller to delete once committed.
 */
export async function importProductsCsv(
  db: Db,
  tenantId: number,
  text: string,
  log: Logger,
  listed?: ListedChange,
): Promise<{ report: ImportReport; removedKeys: string[] }> {
  const table = readCsv(text);
  const plan = await planOf(db, tenantId);
  const report: ImportReport = { created: 0, updated: 0, failed: 0, errors: [] };
  const removedKeys: string[] = [];
  await withTenant(db, tenantId, async (tx) => {
    const quota = await lockProductQuota(tx, tenantId, plan);
    for (const { row, cells } of table.records) {
      const outcome =
        cells.length === table.columns.length
          ? await importRow(
              tx,
              row,
              recordToInput(table.columns, cells),
              quota,
              removedKeys,
              log,
              listed,
            )
          : [
              {
                row,
                field: null,
                message: `Expected ${table.columns.length} cells, found ${cells.length}.`,
              },
            ];
      if (outcome === "created" || outcome === "updated") {
        report[outcome] += 1;
        continue;
      }
      report.failed += 1;
      report.errors.push(...outcome.slice(0, MAX_REPORTED_ERRORS - report.errors.length));
    }
  });
  return { report, removedKeys };
}
