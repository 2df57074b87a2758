// Connecting a Shopify shop: the embedded app (shopify-app/) obtains the shop's offline access
// token by token exchange and hands it over here, with the shop's myshopify domain. The token
// is tried against the Admin API, stored in the vault, webhooks are registered and the first
// full import (a bulk operation) is queued.
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { type Auth, defineOperation } from "../../http/operation.ts";
import { connectSource } from "../../sources/connect.ts";
import { SHOP_DOMAIN } from "../../sources/shopify/index.ts";
import { queueImport } from "./routes.ts";
import { ConnectedOut, connectProblem, depsOf, publicUrlOf, sourceView } from "./shared.ts";

const actorOf = (auth: Auth) => (auth.kind === "user" ? auth.userId : auth.apiKeyId);

export function shopifyOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/sources/shopify/connect",
      operationId: "connectShopify",
      summary: "Connect a Shopify shop with its offline access token; the first import starts",
      tags: ["sources"],
      auth: "tenant",
      roles: ["owner", "admin"],
      body: z.strictObject({
        shop: z
          .string()
          .trim()
          .toLowerCase()
          .max(255)
          .regex(SHOP_DOMAIN, "a myshopify domain, e.g. my-shop.myshopify.com")
          .meta({ description: "The shop's myshopify domain" }),
        accessToken: z
          .string()
          .trim()
          .min(10)
          .max(500)
          .regex(/^[\w-]+$/, "an Admin API access token")
          .meta({ description: "The offline access token from the token exchange" }),
        label: z.string().trim().min(1).max(100).optional(),
      }),
      responses: {
        201: { description: "Connected; the first full import is queued", schema: ConnectedOut },
        422: { description: "Shopify refused the access token" },
        502: { description: "Shopify could not be reached" },
      },
      handler: async ({ auth, body, req }) => {
        const connected = await connectSource(
          depsOf(ctx),
          auth.tenantId,
          {
            kind: "shopify",
            baseUrl: body.shop,
            credentials: { accessToken: body.accessToken },
            label: body.label,
          },
          publicUrlOf(req),
        ).catch(connectProblem);
        ctx.log.info(
          { tenantId: auth.tenantId, sourceId: connected.source.id, by: actorOf(auth) },
          "Shopify shop connected",
        );
        await queueImport(ctx, auth.tenantId, connected.source.id, "full");
        const view = await sourceView(ctx, auth.tenantId, connected.source.id);
        return { status: 201, body: { ...view, webhookError: connected.webhookError } };
      },
    }),
  ];
}
