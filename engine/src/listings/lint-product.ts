import type { Db } from "@stoflow/db";
import { type MappingIssue, resolveVintedIds, type VintedIds } from "../mappings/vinted.ts";
import type { Product } from "../products/output.ts";
import { type LintResult, lintVintedListing } from "./lint.ts";

/** Everything that decides whether a product may be queued for Vinted, in one answer. */
export interface VintedCheck {
  platform: "vinted";
  /** No lint error and every value mapped: queueing may go ahead. */
  ready: boolean;
  lint: LintResult;
  mapping: {
    ok: boolean;
    ids: VintedIds | null;
    missing: MappingIssue[];
    notes: MappingIssue[];
  };
}

export async function checkProductForVinted(db: Db, product: Product): Promise<VintedCheck> {
  const lint = lintVintedListing({ ...product, photoCount: product.images.length });
  const mapped = await resolveVintedIds(db, product);
  const mapping = mapped.ok
    ? { ok: true, ids: mapped.ids, missing: [], notes: mapped.notes }
    : { ok: false, ids: null, missing: mapped.missing, notes: mapped.notes };
  return { platform: "vinted", ready: lint.errors.length === 0 && mapped.ok, lint, mapping };
}
