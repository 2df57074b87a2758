// Connecting a WooCommerce store: with its URL and REST keys, or through WooCommerce's app
// authorization (/wc-auth/v1/authorize): the owner approves in the store, WooCommerce POSTs
// the keys to our callback, which stores them in the vault. The callback is tied to the shop
// that asked by a signed, expiring `user_id`.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { type Auth, defineOperation } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { connectSource } from "../../sources/connect.ts";
import { wooAuthorizeUrl } from "../../sources/woocommerce/authorize-url.ts";
import { queueImport } from "./routes.ts";
import { ConnectedOut, connectProblem, depsOf, publicUrlOf, sourceView } from "./shared.ts";

const AUTH_TTL_S = 3600;
const StoreUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .meta({ description: "The store's address, e.g. https://shop.example" });

function stateKey(ctx: EngineContext): Buffer {
  return Buffer.from(hkdfSync("sha256", ctx.keys.jwt, "stoflow", "wc-auth-state", 32));
}

/** `tenantId.expires.storeUrl(base64url).mac`: who asked, for which store, until when. */
/** What WooCommerce posts to an app authorization's callback_url once the owner approves. */
export const WooAuthCallbackBody = z.object({
  key_id: z.number().int().optional(),
  user_id: z.string().max(2000),
  consumer_key: z
    .string()
    .regex(/^ck_\w+$/)
    .max(200),
  consumer_secret: z
    .string()
    .regex(/^cs_\w+$/)
    .max(200),
  key_permissions: z.string().max(20),
});

/** Connects the store with the keys its owner approved (read/write only); its source id. */
export async function connectApprovedStore(
  ctx: EngineContext,
  req: Request,
  tenantId: number,
  storeUrl: string,
  body: z.output<typeof WooAuthCallbackBody>,
  label?: string,
): Promise<string> {
  if (body.key_permissions !== "read_write")
    throw new HttpProblem(422, "source-credentials-refused", "The keys are not read/write", {
      detail: "Stoflow needs read/write access to keep stock in sync.",
    });
  const connected = await connectSource(
    depsOf(ctx),
    tenantId,
    {
      kind: "woocommerce",
      baseUrl: storeUrl,
      credentials: { consumerKey: body.consumer_key, consumerSecret: body.consumer_secret },
      ...(label === undefined ? {} : { label }),
    },
    publicUrlOf(req),
  ).catch(connectProblem);
  return connected.source.id;
}

export function signAuthState(
  ctx: EngineContext,
  tenantId: number,
  storeUrl: string,
  now = Date.now(),
) {
  const body = `${tenantId}.${Math.floor(now / 1000) + AUTH_TTL_S}.${Buffer.from(storeUrl).toString("base64url")}`;
  const mac = createHmac("sha256", stateKey(ctx)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

function readAuthState(
  ctx: EngineContext,
  state: string,
): { tenantId: number; storeUrl: string } | undefined {
  const parts = state.split(".");
  if (parts.length !== 4) return undefined;
  const [tenant, expires, url, mac] = parts as [string, string, string, string];
  const expected = createHmac("sha256", stateKey(ctx))
    .update(`${tenant}.${expires}.${url}`)
    .digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (Number(expires) < Date.now() / 1000) return undefined;
  return { tenantId: Number(tenant), storeUrl: Buffer.from(url, "base64url").toString("utf8") };
}

const actorOf = (auth: Auth) => (auth.kind === "user" ? auth.userId : auth.apiKeyId);

export function wooCommerceOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/sources/woocommerce",
      operationId: "connectWooCommerce",
      summary: "Connect a WooCommerce store with its REST API keys; the first import starts",
      tags: ["sources"],
      auth: "tenant",
      roles: ["owner", "admin"],
      body: z.strictObject({
        storeUrl: StoreUrl,
        consumerKey: z
          .string()
          .trim()
          .regex(/^ck_\w+$/, "starts with ck_")
          .max(200),
        consumerSecret: z
          .string()
          .trim()
          .regex(/^cs_\w+$/, "starts with cs_")
          .max(200),
        label: z.string().trim().min(1).max(100).optional(),
      }),
      responses: {
        201: { description: "Connected; the first full import is queued", schema: ConnectedOut },
        422: { description: "The store refused the keys" },
        502: { description: "The store could not be reached" },
      },
      handler: async ({ auth, body, req }) => {
        const connected = await connectSource(
          depsOf(ctx),
          auth.tenantId,
          {
            kind: "woocommerce",
            baseUrl: body.storeUrl,
            credentials: { consumerKey: body.consumerKey, consumerSecret: body.consumerSecret },
            label: body.label,
          },
          publicUrlOf(req),
        ).catch(connectProblem);
        ctx.log.info(
          { tenantId: auth.tenantId, sourceId: connected.source.id, by: actorOf(auth) },
          "WooCommerce store connected",
        );
        await queueImport(ctx, auth.tenantId, connected.source.id, "full");
        const view = await sourceView(ctx, auth.tenantId, connected.source.id);
        return { status: 201, body: { ...view, webhookError: connected.webhookError } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/sources/woocommerce/authorize",
      operationId: "authorizeWooCommerce",
      summary:
        "The store's app authorization URL: the owner approves there, the keys come back to Stoflow",
      tags: ["sources"],
      auth: "tenant",
      roles: ["owner", "admin"],
      body: z.strictObject({
        storeUrl: StoreUrl,
        returnUrl: z
          .url({ protocol: /^https?$/ })
          .max(1000)
          .optional()
          .meta({
            description: "Where the browser goes after approving (default: the engine's home)",
          }),
      }),
      responses: {
        200: {
          description: "Send the owner's browser there",
          schema: z.object({ authorizeUrl: z.url(), expiresInSeconds: z.number().int() }),
        },
        422: { description: "No WooCommerce REST API at that address (with the reason)" },
      },
      handler: async ({ auth, body, req }) => {
        const store = body.storeUrl.replace(/\/+$/, "");
        const origin = publicUrlOf(req);
        const authorizeUrl = await wooAuthorizeUrl(store, {
          userId: signAuthState(ctx, auth.tenantId, store),
          returnUrl: body.returnUrl ?? `${origin}/`,
          callbackUrl: `${origin}/api/v1/sources/woocommerce/callback`,
        }).catch(connectProblem);
        return { body: { authorizeUrl, expiresInSeconds: AUTH_TTL_S } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/sources/woocommerce/callback",
      operationId: "wooCommerceCallback",
      summary: "WooCommerce's app authorization callback: the approved keys, stored in the vault",
      tags: ["sources"],
      auth: "none",
      body: WooAuthCallbackBody,
      responses: {
        200: {
          description: "Keys stored, the store connected",
          schema: z.object({ sourceId: z.uuid() }),
        },
        401: { description: "Unknown or expired authorization" },
        422: { description: "The keys do not allow reading and writing" },
      },
      handler: async ({ body, req }) => {
        const state = readAuthState(ctx, body.user_id);
        if (!state)
          throw problems.unauthorized("This authorization is unknown or has expired; start again.");
        const sourceId = await connectApprovedStore(ctx, req, state.tenantId, state.storeUrl, body);
        await queueImport(ctx, state.tenantId, sourceId, "full");
        return { body: { sourceId } };
      },
    }),
  ];
}
