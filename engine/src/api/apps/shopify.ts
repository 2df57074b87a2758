// The embedded Shopify app's server-to-server operations. Each call shows the app credential
// (X-Stoflow-App-Credential) and names a shop the app authenticated through Shopify (session
// token or signed webhook); the engine then acts for the tenant linked to that shop.
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { assertAppCredential } from "../../integrations/shopify/app-credential.ts";
import { COMPLIANCE_TOPICS, handleCompliance } from "../../integrations/shopify/compliance.ts";
import {
  installShop,
  linkExistingAccount,
  uninstallShop,
} from "../../integrations/shopify/install.ts";
import { appSession } from "../../integrations/shopify/session.ts";
import { SHOP_DOMAIN } from "../../sources/shopify/index.ts";
import { publicUrlOf } from "../sources/shared.ts";

const Shop = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .regex(SHOP_DOMAIN, "a myshopify domain, e.g. my-shop.myshopify.com")
  .meta({ description: "The shop's myshopify domain" });

const AccessToken = z
  .string()
  .trim()
  .min(10)
  .max(500)
  .regex(/^[\w-]+$/, "an Admin API access token")
  .meta({ description: "The shop's offline access token from the token exchange" });

const APP_RESPONSES = {
  401: { description: "The app credential is missing or wrong" },
  503: { description: "The engine has no app credential configured" },
} as const;

const TAGS = ["shopify app"];

export function shopifyAppOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/apps/shopify/install",
      operationId: "installShopifyApp",
      summary: "The app was installed: link (or make) the shop's tenant, connect it, import",
      tags: TAGS,
      auth: "none",
      body: z.strictObject({
        shop: Shop,
        accessToken: AccessToken,
        shopName: z.string().trim().min(1).max(200),
        locale: z.enum(["fr", "en"]).default("en"),
      }),
      responses: {
        200: {
          description: "Linked and connected; the full import is queued",
          schema: z
            .object({
              tenantId: z.number().int(),
              sourceId: z.uuid(),
              importRunId: z.uuid(),
              created: z.boolean().meta({ description: "A new Stoflow shop was made" }),
              webhookError: z.string().nullable(),
            })
            .meta({ id: "ShopifyAppInstalled" }),
        },
        ...APP_RESPONSES,
        422: { description: "Shopify refused the access token" },
        502: { description: "Shopify could not be reached" },
      },
      handler: async ({ body, req }) => {
        assertAppCredential(ctx, req);
        return { body: await installShop(ctx, body, publicUrlOf(req)) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/apps/shopify/session",
      operationId: "openShopifyAppSession",
      summary: "An access token of the shop's Stoflow account, for the app to call the API",
      tags: TAGS,
      auth: "none",
      body: z.strictObject({ shop: Shop }),
      responses: {
        200: {
          description: "A short-lived access token",
          schema: z
            .object({
              accessToken: z.string(),
              expiresIn: z.number().int(),
              tenantId: z.number().int(),
              sourceId: z.uuid().nullable(),
            })
            .meta({ id: "ShopifyAppSession" }),
        },
        ...APP_RESPONSES,
        404: { description: "The shop has not installed the app" },
      },
      handler: async ({ body, req }) => {
        assertAppCredential(ctx, req);
        return { body: await appSession(ctx, body.shop) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/apps/shopify/link",
      operationId: "linkShopifyApp",
      summary: "Move an installed shop to an existing Stoflow account, proved by its pairing code",
      tags: TAGS,
      auth: "none",
      body: z.strictObject({
        shop: Shop,
        accessToken: AccessToken,
        code: z
          .string()
          .trim()
          .min(1)
          .max(32)
          .meta({ description: "A pairing code of the account" }),
      }),
      responses: {
        200: {
          description: "Linked; the shop is imported into that account",
          schema: z
            .object({
              tenantId: z.number().int(),
              previousTenantId: z.number().int(),
              sourceId: z.uuid(),
              importRunId: z.uuid(),
            })
            .meta({ id: "ShopifyAppLinked" }),
        },
        ...APP_RESPONSES,
        400: { description: "The code is not valid, was used or has expired" },
        404: { description: "The shop has not installed the app" },
        429: { description: "Too many wrong codes for this shop" },
      },
      handler: async ({ body, req }) => {
        assertAppCredential(ctx, req);
        return { body: await linkExistingAccount(ctx, body, publicUrlOf(req)) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/apps/shopify/uninstall",
      operationId: "uninstallShopifyApp",
      summary: "The app was uninstalled: the shop's token erased, syncing stopped",
      tags: TAGS,
      auth: "none",
      body: z.strictObject({ shop: Shop }),
      responses: {
        200: {
          description: "Unlinked (again, for a repeated delivery)",
          schema: z
            .object({ linked: z.boolean(), tenantId: z.number().int().nullable() })
            .meta({ id: "ShopifyAppUninstalled" }),
        },
        ...APP_RESPONSES,
      },
      handler: async ({ body, req }) => {
        assertAppCredential(ctx, req);
        return { body: await uninstallShop(ctx, body.shop) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/apps/shopify/compliance",
      operationId: "handleShopifyCompliance",
      summary: "A compliance webhook (customers/data_request, customers/redact, shop/redact)",
      tags: TAGS,
      auth: "none",
      body: z.strictObject({
        webhookId: z.string().trim().min(1).max(200),
        shop: Shop,
        topic: z.enum(COMPLIANCE_TOPICS),
      }),
      responses: {
        200: {
          description: "Carried out now, or earlier for a replayed delivery",
          schema: z
            .object({
              replayed: z.boolean(),
              outcome: z.object({
                action: z.enum([
                  "nothing_held",
                  "erased",
                  "unlinked",
                  "kept_installed",
                  "not_linked",
                ]),
                detail: z.string(),
              }),
            })
            .meta({ id: "ShopifyComplianceOutcome" }),
        },
        ...APP_RESPONSES,
      },
      handler: async ({ body, req }) => {
        assertAppCredential(ctx, req);
        return { body: await handleCompliance(ctx, body) };
      },
    }),
  ];
}
