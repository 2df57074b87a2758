// The shop side of site tokens: an owner or admin creates one (shown once) to paste into the
// WooCommerce plugin, sees them, and revokes one. Any plan: the plugin is not the API feature.
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import {
  createSiteToken,
  findSiteToken,
  listSiteTokens,
  revokeSiteToken,
} from "../../sites/site-tokens.ts";
import { UuidParam } from "../shared-schemas.ts";
import { sourceViews } from "../sources/shared.ts";
import { SiteOut, siteOut } from "./schemas.ts";

export function siteTokenOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/sites",
      operationId: "createSiteToken",
      summary: "A site token for the WooCommerce plugin (shown once)",
      tags: ["sites"],
      auth: "tenant",
      roles: ["owner", "admin"],
      body: z.strictObject({
        name: z.string().trim().min(1).max(200).meta({ example: "Chez Léa (WordPress)" }),
        sourceId: z.uuid().optional().meta({
          description:
            "A WooCommerce store already connected (e.g. from the dashboard): the site speaks for it at once",
        }),
      }),
      responses: {
        201: {
          description: "Paste `token` into WooCommerce → Stoflow; it is never shown again",
          schema: SiteOut.extend({ token: z.string().meta({ example: "sfs_..." }) }),
        },
      },
      handler: async ({ auth, body }) => {
        if (body.sourceId) {
          const [source] = await sourceViews(ctx, auth.tenantId, body.sourceId);
          if (source?.kind !== "woocommerce") throw problems.notFound("WooCommerce store");
        }
        const created = await createSiteToken(db, {
          tenantId: auth.tenantId,
          name: body.name,
          createdBy: auth.kind === "user" ? auth.userId : null,
          sourceId: body.sourceId,
        });
        return { status: 201, body: { ...siteOut(created.row), token: created.token } };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sites",
      operationId: "listSites",
      summary: "The shop's WordPress sites and their tokens' state (never the tokens)",
      tags: ["sites"],
      auth: "tenant",
      responses: {
        200: { description: "Newest first", schema: z.object({ sites: z.array(SiteOut) }) },
      },
      handler: async ({ auth }) => ({
        body: { sites: (await listSiteTokens(db, auth.tenantId)).map(siteOut) },
      }),
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/sites/{id}",
      operationId: "revokeSite",
      summary: "Revoke a site's token: the plugin's calls answer 401 from now on",
      tags: ["sites"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      responses: { 204: { description: "Revoked (or already was)" } },
      handler: async ({ auth, params }) => {
        if (!(await findSiteToken(db, auth.tenantId, params.id))) throw problems.notFound("Site");
        await revokeSiteToken(db, auth.tenantId, params.id);
        return { status: 204 };
      },
    }),
  ];
}
