// Shopify's mandatory compliance webhooks, carried out and written to a ledger keyed by the
// delivery's webhook id, so a replayed delivery answers what was done the first time.
// Stoflow keeps no Shopify customer data (orders only move stock), so the customer topics
// have nothing to export or erase; shop/redact erases the account the install made if the
// app is still uninstalled (a reinstall within the 48 hours keeps it), and only unlinks an
// account the seller had before and linked.
import { control, getTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { EngineContext } from "../../context.ts";
import { deleteAccount } from "../../gdpr/delete-account.ts";
import { findLink, isAppMadeOwner } from "./link.ts";

const { shopifyComplianceRequests } = control;

export const COMPLIANCE_TOPICS = [
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

export interface ComplianceOutcome {
  action: "nothing_held" | "erased" | "unlinked" | "kept_installed" | "not_linked";
  detail: string;
}

const NOTHING_HELD =
  "Stoflow stores no Shopify customer data: orders only adjust stock and are not kept.";

async function carryOut(
  ctx: EngineContext,
  shop: string,
  topic: ComplianceTopic,
): Promise<ComplianceOutcome> {
  if (topic !== "shop/redact") return { action: "nothing_held", detail: NOTHING_HELD };
  const link = await findLink(ctx, shop);
  if (!link) return { action: "not_linked", detail: "No Stoflow data is linked to this shop." };
  if (!link.uninstalledAt) {
    return { action: "kept_installed", detail: "The app is installed again; nothing erased." };
  }
  const [owner] = await ctx.database.db
    .select({ email: control.users.email })
    .from(control.users)
    .where(eq(control.users.id, link.userId));
  if (!owner || !isAppMadeOwner(owner.email)) {
    // A Stoflow account the seller had before linking the shop is theirs, not the shop's:
    // the link goes (the source was disconnected at uninstall), the account stays.
    await ctx.database.db
      .delete(control.shopifyAppShops)
      .where(eq(control.shopifyAppShops.shop, shop));
    return {
      action: "unlinked",
      detail: "The shop's link to the seller's own account was removed.",
    };
  }
  const found = await getTenant(ctx.database.pool, link.tenantId);
  // The tenant, its owner account and its images; the link goes with the tenant (cascade).
  if (found) await deleteAccount(ctx, link.tenantId, found.name);
  return { action: "erased", detail: "The shop's products, listings and account were erased." };
}

export async function handleCompliance(
  ctx: EngineContext,
  input: { webhookId: string; shop: string; topic: ComplianceTopic },
): Promise<{ replayed: boolean; outcome: ComplianceOutcome }> {
  const { db } = ctx.database;
  const [seen] = await db
    .select()
    .from(shopifyComplianceRequests)
    .where(eq(shopifyComplianceRequests.webhookId, input.webhookId));
  if (seen) return { replayed: true, outcome: seen.outcome as ComplianceOutcome };
  // Done before it is written down: a crash in between means Shopify's retry does it again,
  // and each outcome is safe to repeat.
  const outcome = await carryOut(ctx, input.shop, input.topic);
  await db
    .insert(shopifyComplianceRequests)
    .values({ ...input, outcome })
    .onConflictDoNothing();
  ctx.log.info({ topic: input.topic, action: outcome.action }, "Shopify compliance request");
  return { replayed: false, outcome };
}
