// The `user_id` a site's WooCommerce app authorization carries: which shop and which site
// asked, for which store, until when; signed, so WooCommerce's callback cannot be forged.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

const TTL_S = 3600;

export interface SiteAuthState {
  tenantId: number;
  siteId: string;
  storeUrl: string;
}

const keyOf = (secret: Uint8Array) =>
  Buffer.from(hkdfSync("sha256", secret, "stoflow", "site-wc-auth-state", 32));
const macOf = (secret: Uint8Array, body: string) =>
  createHmac("sha256", keyOf(secret)).update(body).digest();

export function signSiteState(secret: Uint8Array, state: SiteAuthState, now = Date.now()) {
  const url = Buffer.from(state.storeUrl).toString("base64url");
  const body = `site.${state.tenantId}.${state.siteId}.${Math.floor(now / 1000) + TTL_S}.${url}`;
  return { userId: `${body}.${macOf(secret, body).toString("base64url")}`, expiresIn: TTL_S };
}

export function readSiteState(secret: Uint8Array, userId: string): SiteAuthState | undefined {
  const parts = userId.split(".");
  if (parts.length !== 6 || parts[0] !== "site") return undefined;
  const [, tenant, siteId, expires, url, mac] = parts as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = macOf(secret, `site.${tenant}.${siteId}.${expires}.${url}`);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (Number(expires) < Date.now() / 1000) return undefined;
  return {
    tenantId: Number(tenant),
    siteId,
    storeUrl: Buffer.from(url, "base64url").toString("utf8"),
  };
}
