// Every Vinted country site: the engine's own list (engine/src/channels/vinted/domains.ts, a
// data-only module the bundle takes in), so the two never drift. Cookie and manifest helpers here.
import {
  isVintedDomain,
  VINTED_DOMAINS,
  type VintedDomain,
} from "../../../engine/src/channels/vinted/domains.ts";

export { isVintedDomain, VINTED_DOMAINS, type VintedDomain };

/**
 * The Vinted site a cookie belongs to: `www.vinted.fr` and `.vinted.fr` both mean the French
 * site; anything else (another site, another subdomain) is not ours.
 */
export function vintedDomainOfCookie(cookieDomain: string): VintedDomain | undefined {
  const host = cookieDomain.replace(/^\./, "");
  const candidate = host.startsWith("www.") ? host : `www.${host}`;
  return isVintedDomain(candidate) ? candidate : undefined;
}

/** Host permission patterns for the manifest: the sites and their parent cookie domain. */
export function vintedHostPatterns(): string[] {
  return VINTED_DOMAINS.map((domain) => `https://${domain}/*`);
}
