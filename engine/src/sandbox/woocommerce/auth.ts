// WooCommerce REST authentication: OAuth 1.0a one-legged (HMAC-SHA1/SHA256) as the REST client
// signs over plain HTTP, HTTP Basic, or consumer_key/consumer_secret in the query. Real stores
// accept the last two over HTTPS only; the sandbox speaks plain HTTP and takes all three.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { wcError } from "./answers.ts";
import type { ApiKey, WooState } from "./state.ts";

const TIMESTAMP_WINDOW_S = 15 * 60;

/** RFC 3986 percent-encoding, as OAuth 1.0a wants it. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function oauthSignature(
  method: string,
  baseUrl: string,
  params: [string, string][],
  consumerSecret: string,
  algorithm: "sha1" | "sha256",
): string {
  const normalised = params
    .filter(([k]) => k !== "oauth_signature")
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const base = `${method.toUpperCase()}&${encode(baseUrl)}&${encode(normalised)}`;
  return createHmac(algorithm, `${encode(consumerSecret)}&`)
    .update(base)
    .digest("base64");
}

export class NonceLog {
  private readonly seen = new Map<string, number>(); // key:nonce -> timestamp
  use(key: string, nonce: string, timestamp: number): boolean {
    const id = `${key}:${nonce}`;
    if (this.seen.has(id)) return false;
    this.seen.set(id, timestamp);
    if (this.seen.size > 100_000) {
      const oldest = Date.now() / 1000 - TIMESTAMP_WINDOW_S;
      for (const [k, t] of this.seen) if (t < oldest) this.seen.delete(k);
    }
    return true;
  }
}

type Check = { key: ApiKey } | { error: string; code?: string };

function checkOAuth(req: Request, state: WooState, nonces: NonceLog): Check {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.headers.host}`);
  // PHP's $_GET keeps one value per name (the last): the REST client repeats the query.
  const params = [...new Map(url.searchParams.entries()).entries()];
  const get = (name: string) => url.searchParams.get(name) ?? "";
  const key = state.keys.get(get("oauth_consumer_key"));
  if (!key) return { error: "Consumer key is invalid." };
  const method = get("oauth_signature_method");
  const algorithm =
    method === "HMAC-SHA256" ? "sha256" : method === "HMAC-SHA1" ? "sha1" : undefined;
  if (!algorithm)
    return { error: "Invalid signature method - provided signature method is not supported." };
  const timestamp = Number(get("oauth_timestamp"));
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TIMESTAMP_WINDOW_S)
    return { error: "Invalid timestamp." };
  const expected = oauthSignature(
    req.method,
    `${url.origin}${url.pathname}`,
    params,
    key.consumerSecret,
    algorithm,
  );
  if (!same(expected, get("oauth_signature")))
    return { error: "Invalid signature - provided signature does not match." };
  if (!nonces.use(key.consumerKey, get("oauth_nonce"), timestamp))
    return { error: "Invalid nonce - nonce has already been used." };
  return { key };
}

function credentials(req: Request): { ck: string; cs: string } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith("Basic ")) {
    const [ck = "", cs = ""] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    return { ck, cs };
  }
  const q = req.query as Record<string, unknown>;
  if (typeof q.consumer_key === "string" && typeof q.consumer_secret === "string")
    return { ck: q.consumer_key, cs: q.consumer_secret };
  return undefined;
}

/** Sets res.locals.key, or answers 401 as WooCommerce does. */
export function requireKey(state: WooState, nonces: NonceLog) {
  return (req: Request, res: Response, next: NextFunction) => {
    let check: Check | undefined;
    if (typeof req.query.oauth_signature === "string") check = checkOAuth(req, state, nonces);
    else {
      const given = credentials(req);
      if (given) {
        const key = state.keys.get(given.ck);
        check =
          key && same(key.consumerSecret, given.cs)
            ? { key }
            : { error: "Consumer secret is invalid." };
        if (!key) check = { error: "Consumer key is invalid." };
      }
    }
    if (!check) {
      return wcError(res, 401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
    }
    if ("error" in check)
      return wcError(res, 401, "woocommerce_rest_authentication_error", check.error);
    const writing = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    if (writing && check.key.permissions === "read")
      return wcError(
        res,
        401,
        "woocommerce_rest_authentication_error",
        "The API key provided does not have write permissions.",
      );
    if (!writing && check.key.permissions === "write")
      return wcError(
        res,
        401,
        "woocommerce_rest_authentication_error",
        "The API key provided does not have read permissions.",
      );
    res.locals.key = check.key;
    next();
  };
}
