// Every Vinted country site (shared/protocols/vinted.md, "Hosts"). The engine keeps the same
// list (engine/src/channels/vinted/domains.ts); a test checks the two agree.

export const VINTED_DOMAINS = [
  "www.vinted.fr",
  "www.vinted.be",
  "www.vinted.nl",
  "www.vinted.lu",
  "www.vinted.de",
  "www.vinted.at",
  "www.vinted.es",
  "www.vinted.it",
  "www.vinted.pt",
  "www.vinted.pl",
  "www.vinted.cz",
  "www.vinted.sk",
  "www.vinted.lt",
  "www.vinted.se",
  "www.vinted.dk",
  "www.vinted.fi",
  "www.vinted.hu",
  "www.vinted.ro",
  "www.vinted.hr",
  "www.vinted.gr",
  "www.vinted.ie",
  "www.vinted.co.uk",
  "www.vinted.com",
] as const;

export type VintedDomain = (typeof VINTED_DOMAINS)[number];

const KNOWN = new Set<string>(VINTED_DOMAINS);

export function isVintedDomain(domain: string): domain is VintedDomain {
  return KNOWN.has(domain);
}

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
