// What a WordPress site does with its own token: read its connection (store, import, plan and
// usage), connect its store through WooCommerce's app authorization, make an extension
// pairing code, and disconnect itself.
import { control } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { createPairingCode } from "../../devices/pairing-codes.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { usageOf } from "../../plans/usage.ts";
import { bindSiteSource, findSiteToken, revokeSiteToken } from "../../sites/site-tokens.ts";
import { readSiteState, signSiteState } from "../../sites/wc-auth-state.ts";
import { wooAuthorizeUrl } from "../../sources/woocommerce/authorize-url.ts";
import { queueImport } from "../sources/routes.ts";
import { connectProblem, publicUrlOf, sourceViews } from "../sources/shared.ts";
import { connectApprovedStore, WooAuthCallbackBody } from "../sources/woocommerce.ts";
import { SiteStatus, siteOut } from "./schemas.ts";

const HttpUrl = z.url({ protocol: /^https?$/ }).max(1000);

export function siteOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/site",
      operationId: "getSite",
      summary: "The calling site: its shop, connected store, last import, plan and usage",
      tags: ["sites"],
      auth: "site",
      responses: { 200: { description: "The site's state", schema: SiteStatus } },
      handler: async ({ auth }) => {
        const row = await findSiteToken(db, auth.tenantId, auth.siteId);
        if (!row) throw problems.unauthorized("This site token is unknown or was revoked.");
        const [shop] = await db
          .select({ name: control.tenants.name, locale: control.tenants.locale })
          .from(control.tenants)
          .where(eq(control.tenants.id, auth.tenantId));
        const [source] = auth.sourceId ? await sourceViews(ctx, auth.tenantId, auth.sourceId) : [];
        const usage = await usageOf(db, auth.tenantId);
        return {
          body: {
            site: siteOut(row),
            shop: shop ?? { name: "", locale: "fr" },
            source: source ?? null,
            plan: {
              code: usage.plan.code,
              name: usage.plan.name,
              aiDescriptions: usage.plan.aiDescriptions,
            },
            usage: {
              products: usage.products,
              platforms: usage.platforms,
              publications: {
                used: usage.publications.used,
                included: usage.publications.included,
              },
              aiGenerations: usage.aiGenerations,
            },
          },
        };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/authorize",
      operationId: "authorizeSiteStore",
      summary: "The store's app authorization URL, tied to this site; the keys come to Stoflow",
      tags: ["sites"],
      auth: "site",
      body: z.strictObject({
        storeUrl: HttpUrl.meta({ description: "The WordPress site's home URL" }),
        returnUrl: HttpUrl.meta({ description: "Where the browser comes back (the Stoflow page)" }),
      }),
      responses: {
        200: {
          description: "Send the administrator's browser there",
          schema: z.object({ authorizeUrl: z.url(), expiresInSeconds: z.number().int() }),
        },
        422: { description: "No WooCommerce REST API at that address (with the reason)" },
      },
      handler: async ({ auth, body, req }) => {
        const store = body.storeUrl.replace(/\/+$/, "");
        const origin = publicUrlOf(req);
        const state = signSiteState(ctx.keys.jwt, {
          tenantId: auth.tenantId,
          siteId: auth.siteId,
          storeUrl: store,
        });
        const authorizeUrl = await wooAuthorizeUrl(store, {
          userId: state.userId,
          returnUrl: body.returnUrl,
          callbackUrl: `${origin}/api/v1/site/callback`,
        }).catch(connectProblem);
        return { body: { authorizeUrl, expiresInSeconds: state.expiresIn } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/callback",
      operationId: "siteStoreCallback",
      summary: "WooCommerce's app authorization callback for a site: keys vaulted, site bound",
      tags: ["sites"],
      auth: "none",
      body: WooAuthCallbackBody,
      responses: {
        200: { description: "Connected", schema: z.object({ sourceId: z.uuid() }) },
        401: { description: "Unknown or expired authorization, or a revoked site" },
        422: { description: "The keys do not allow reading and writing" },
      },
      handler: async ({ body, req }) => {
        const state = readSiteState(ctx.keys.jwt, body.user_id);
        const site = state && (await findSiteToken(db, state.tenantId, state.siteId));
        if (!state || !site || site.revokedAt)
          throw problems.unauthorized("This authorization is unknown or has expired; start again.");
        const sourceId = await connectApprovedStore(
          ctx,
          req,
          state.tenantId,
          state.storeUrl,
          body,
          site.name,
        );
        await bindSiteSource(db, state.tenantId, site.id, sourceId);
        await queueImport(ctx, state.tenantId, sourceId, "full");
        ctx.log.info(
          { tenantId: state.tenantId, siteId: site.id, sourceId },
          "WooCommerce store connected from its plugin",
        );
        return { body: { sourceId } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/pairing-codes",
      operationId: "createSitePairingCode",
      summary: "A one-time code (10 minutes) to pair the browser extension, from the plugin",
      tags: ["sites"],
      auth: "site",
      responses: {
        201: {
          description: "Type `code` into the extension before `expiresAt`",
          schema: z.object({ code: z.string(), expiresAt: z.iso.datetime() }),
        },
      },
      handler: async ({ auth }) => {
        const row = await findSiteToken(db, auth.tenantId, auth.siteId);
        // The code is made on behalf of whoever created the site token (kept for the audit).
        const code = await createPairingCode(db, auth.tenantId, row?.createdBy as string);
        return { status: 201, body: code };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/site",
      operationId: "disconnectSite",
      summary: "The plugin disconnects: its token is revoked (the store stays connected)",
      tags: ["sites"],
      auth: "site",
      responses: { 204: { description: "Revoked" } },
      handler: async ({ auth }) => {
        await revokeSiteToken(db, auth.tenantId, auth.siteId);
        return { status: 204 };
      },
    }),
  ];
}
