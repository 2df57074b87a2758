// Install and uninstall as the embedded app reports them. Install: the shop's tenant (made or
// found), its offline token tried and vaulted, webhooks registered, the full import queued.
// Uninstall: Shopify has already revoked the token and removed the webhooks; the vaulted
// token is erased and the source stops syncing. Products and listings stay for a reinstall
// (shop/redact, 48 hours later, erases them).
import { control, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { queueImport } from "../../api/sources/routes.ts";
import { connectProblem, depsOf } from "../../api/sources/shared.ts";
import type { EngineContext } from "../../context.ts";
import { connectSource } from "../../sources/connect.ts";
import { findLink, findOrCreateLink, type NewShop } from "./link.ts";

const { shopifyAppShops } = control;

export interface InstallInput extends NewShop {
  accessToken: string;
}

export async function installShop(ctx: EngineContext, input: InstallInput, publicUrl: string) {
  const { link, created } = await findOrCreateLink(ctx, input);
  const connected = await connectSource(
    depsOf(ctx),
    link.tenantId,
    { kind: "shopify", baseUrl: input.shop, credentials: { accessToken: input.accessToken } },
    publicUrl,
  ).catch(connectProblem);
  await ctx.database.db
    .update(shopifyAppShops)
    .set({ sourceId: connected.source.id, uninstalledAt: null, installedAt: new Date() })
    .where(eq(shopifyAppShops.shop, input.shop));
  const { run } = await queueImport(ctx, link.tenantId, connected.source.id, "full");
  ctx.log.info(
    { tenantId: link.tenantId, sourceId: connected.source.id, created },
    "Shopify app installed",
  );
  return {
    tenantId: link.tenantId,
    sourceId: connected.source.id,
    importRunId: run.id,
    created,
    webhookError: connected.webhookError,
  };
}

/** Idempotent: a second delivery of app/uninstalled finds the shop already unlinked. */
export async function uninstallShop(ctx: EngineContext, shop: string) {
  const link = await findLink(ctx, shop);
  if (!link) return { linked: false, tenantId: null };
  const { sourceId } = link;
  if (sourceId) {
    await withTenant(ctx.database.db, link.tenantId, async (tx) => {
      await tx.delete(tenant.sourceWebhooks).where(eq(tenant.sourceWebhooks.sourceId, sourceId));
      await tx
        .update(tenant.catalogSources)
        .set({ status: "disconnected", credentialsCiphertext: null, updatedAt: new Date() })
        .where(eq(tenant.catalogSources.id, sourceId));
    });
  }
  if (!link.uninstalledAt) {
    await ctx.database.db
      .update(shopifyAppShops)
      .set({ uninstalledAt: new Date() })
      .where(eq(shopifyAppShops.shop, shop));
    ctx.log.info({ tenantId: link.tenantId }, "Shopify app uninstalled");
  }
  return { linked: true, tenantId: link.tenantId };
}
