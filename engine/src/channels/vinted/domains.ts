// Every Vinted country site (shared/protocols/vinted.md, "Hosts"). A session belongs to one.

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

/** The country part of the domain, as in the `_vinted_<cc>_session` cookie (fr, uk, com...). */
export function vintedCountryCode(domain: VintedDomain): string {
  return domain.slice(domain.lastIndexOf(".") + 1);
}
