// Requests as Shopify admin makes them, signed with the real algorithms through the
// package's test helpers: documents carry an id_token (session token JWT, HS256 with the
// app's secret), fetches a Bearer session token; the offline session sits in PostgreSQL.
import {
  getHmac,
  getJwt,
  RequestType,
  setUpValidRequest,
  setUpValidSession,
} from "@shopify/shopify-api/test-helpers";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { API_KEY, APP_URL, SCOPES, type Stack } from "./stack.ts";

export const storeOf = (shop: string) => shop.replace(/\.myshopify\.com$/, "");

/** The shop's offline session, as the token exchange would have stored it. */
export async function storeOfflineSession(stack: Stack, storage: SessionStorage) {
  const session = setUpValidSession({
    shop: stack.sandbox.shop,
    isOnline: false,
    accessToken: stack.sandbox.accessToken,
    scope: SCOPES,
    expires: undefined,
  });
  await storage.storeSession(session);
  return session;
}

/** A page load inside Shopify admin (embedded=1, shop, host, id_token). */
export function adminDocument(stack: Stack, path: string) {
  return setUpValidRequest(
    {
      type: RequestType.Admin,
      store: storeOf(stack.sandbox.shop),
      apiKey: API_KEY,
      apiSecretKey: stack.sandbox.apiSecret,
    },
    new Request(`${APP_URL}${path}`),
  );
}

/** A form post from an embedded page (App Bridge adds the session token). */
export function adminPost(stack: Stack, path: string, fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return setUpValidRequest(
    {
      type: RequestType.Bearer,
      store: storeOf(stack.sandbox.shop),
      apiKey: API_KEY,
      apiSecretKey: stack.sandbox.apiSecret,
    },
    new Request(`${APP_URL}${path}`, { method: "POST", body: form }),
  );
}

let deliveries = 0;

/** A webhook delivery as Shopify sends it; `secret` other than the app's forges it. */
export function webhook(
  stack: Stack,
  topic: string,
  payload: unknown,
  options: { secret?: string; webhookId?: string; shop?: string } = {},
) {
  const body = JSON.stringify(payload);
  const shop = options.shop ?? stack.sandbox.shop;
  return new Request(`${APP_URL}/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": getHmac(body, options.secret ?? stack.sandbox.apiSecret),
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": "2026-07",
      "x-shopify-webhook-id": options.webhookId ?? `delivery-${++deliveries}`,
      "x-shopify-event-id": `event-${deliveries}`,
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  });
}

export const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

/** A session token as App Bridge hands it to the page (valid an hour in the helper). */
export async function sessionToken(stack: Stack) {
  return (await getJwt(storeOf(stack.sandbox.shop), API_KEY, stack.sandbox.apiSecret)).token;
}
