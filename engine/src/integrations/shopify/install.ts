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
import { loadSource } from "../../sources/connection.ts";
import { sourcesOf } from "../../sources/deps.ts";
import { sourceOf } from "../../sources/registry.ts";
import { findLink, findOrCreateLink, type NewShop } from "./link.ts";
import { spendLinkCode } from "./link-code.ts";
import { notInstalled } from "./session.ts";

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

/**
 * The source stops syncing: its webhook rows go, its token is erased from the vault. With
 * `unregister`, its webhooks are first removed at the shop (best effort); after an uninstall
 * Shopify has removed them already and the token no longer works.
 */
async function stopSyncing(
  ctx: EngineContext,
  tenantId: number,
  sourceId: string,
  unregister: boolean,
) {
  if (unregister) {
    const loaded = await loadSource({ db: ctx.database.db, vault: ctx.vault }, tenantId, sourceId);
    const hooks = await withTenant(ctx.database.db, tenantId, (tx) =>
      tx.select().from(tenant.sourceWebhooks).where(eq(tenant.sourceWebhooks.sourceId, sourceId)),
    );
    await sourceOf(sourcesOf(ctx), "shopify")
      .unregisterWebhooks(
        loaded.conn,
        hooks.map((h) => ({ topic: h.topic, externalId: h.externalId })),
      )
      .catch((error) =>
        ctx.log.warn({ reason: (error as Error).message }, "Webhooks not removed at the shop"),
      );
  }
  await withTenant(ctx.database.db, tenantId, async (tx) => {
    await tx.delete(tenant.sourceWebhooks).where(eq(tenant.sourceWebhooks.sourceId, sourceId));
    await tx
      .update(tenant.catalogSources)
      .set({ status: "disconnected", credentialsCiphertext: null, updatedAt: new Date() })
      .where(eq(tenant.catalogSources.id, sourceId));
  });
}

/** Idempotent: a second delivery of app/uninstalled finds the shop already unlinked. */
export async function uninstallShop(ctx: EngineContext, shop: string) {
  const link = await findLink(ctx, shop);
  if (!link) return { linked: false, tenantId: null };
  if (link.sourceId) await stopSyncing(ctx, link.tenantId, link.sourceId, false);
  if (!link.uninstalledAt) {
    await ctx.database.db
      .update(shopifyAppShops)
      .set({ uninstalledAt: new Date() })
      .where(eq(shopifyAppShops.shop, shop));
    ctx.log.info({ tenantId: link.tenantId }, "Shopify app uninstalled");
  }
  return { linked: true, tenantId: link.tenantId };
}

/**
 * Moves an installed shop to an existing Stoflow account (proved by one of its pairing codes):
 * the shop is connected there and imported, and the account the install made stops syncing
 * (its products stay in it).
 */
export async function linkExistingAccount(
  ctx: EngineContext,
  input: { shop: string; accessToken: string; code: string },
  publicUrl: string,
) {
  const link = await findLink(ctx, input.shop);
  if (!link || link.uninstalledAt) throw notInstalled();
  const target = await spendLinkCode(ctx, input.shop, input.code);
  const connected = await connectSource(
    depsOf(ctx),
    target.tenantId,
    { kind: "shopify", baseUrl: input.shop, credentials: { accessToken: input.accessToken } },
    publicUrl,
  ).catch(connectProblem);
  if (link.sourceId && link.tenantId !== target.tenantId) {
    await stopSyncing(ctx, link.tenantId, link.sourceId, true);
  }
  await ctx.database.db
    .update(shopifyAppShops)
    .set({ tenantId: target.tenantId, userId: target.ownerId, sourceId: connected.source.id })
    .where(eq(shopifyAppShops.shop, input.shop));
  const { run } = await queueImport(ctx, target.tenantId, connected.source.id, "full");
  ctx.log.info(
    { tenantId: target.tenantId, previousTenantId: link.tenantId },
    "Shopify shop linked to an existing account",
  );
  return {
    tenantId: target.tenantId,
    previousTenantId: link.tenantId,
    sourceId: connected.source.id,
    importRunId: run.id,
  };
}
