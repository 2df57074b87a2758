// The embedded Shopify app (shopify-app/) is a server of ours, not a seller: it shows the
// credential both sides were configured with (STOFLOW_SHOPIFY_APP_CREDENTIAL) on every call,
// then names the shop it authenticated through Shopify's session token.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import type { EngineContext } from "../../context.ts";
import { HttpProblem, problems } from "../../http/problem.ts";

export const APP_CREDENTIAL_HEADER = "x-stoflow-app-credential";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** 401 unless the request carries the app credential; 503 when the engine has none set. */
export function assertAppCredential(ctx: EngineContext, req: Request): void {
  const expected = ctx.config.shopify.appCredential;
  if (!expected) {
    throw new HttpProblem(503, "app-not-configured", "Shopify app not configured", {
      detail: "Set STOFLOW_SHOPIFY_APP_CREDENTIAL on the engine and the app.",
    });
  }
  const shown = req.get(APP_CREDENTIAL_HEADER) ?? "";
  // Digests first: equal lengths for timingSafeEqual, and no length leak.
  if (!timingSafeEqual(digest(shown), digest(expected))) {
    throw problems.unauthorized("The app credential is not valid.");
  }
}
