// What Vinted hides or refuses in a listing's text: sending buyers elsewhere (another
// marketplace, a link, contact details). Matching ignores case and accents.

export interface TextFinding {
  rule: "text.other_marketplace" | "text.link" | "text.email" | "text.phone" | "text.contact_app";
  match: string;
}

/** Lower case, no accents; keeps length so nothing else needs mapping back. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// Sales channels French sellers cross-post to. "amazon" and shop names are left out: "acheté
// chez Zara" or "acheté sur Amazon" says where an item comes from, not where to buy it.
const MARKETPLACES = [
  "leboncoin",
  "le bon coin",
  "lbc",
  "ebay",
  "etsy",
  "vide-dressing",
  "vide dressing",
  "videdressing",
  "depop",
  "vestiaire collective",
  "vestiairecollective",
  "beebs",
  "rakuten",
  "selency",
  "micolet",
  "label emmaus",
  "facebook marketplace",
  "marketplace",
  "instagram shop",
  "instagram",
  "tiktok shop",
  "wallapop",
];
const CONTACT_APPS = ["whatsapp", "whats app", "wa.me", "snapchat", "snap", "telegram", "insta"];
const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const words = (list: string[]) =>
  new RegExp(`(?<![a-z0-9])(?:${list.map(escapeRegExp).join("|")})(?![a-z0-9])`, "g");
const MARKETPLACE_RE = words(MARKETPLACES);
const CONTACT_APP_RE = words(CONTACT_APPS);

const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const URL_RE = /\bhttps?:\/\/\S+|\bwww\.\S+/g;
// A bare domain: a name, a dot and a top-level domain sellers' links actually use.
const DOMAIN_RE =
  /(?<![a-z0-9@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|fr|net|org|eu|be|ch|shop|store|io|co|me|ly|link|site|online|info|biz)(?![a-z0-9])(?:\/\S*)?/g;
// French numbers: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, 0033 6...
const PHONE_RE = /(?:\+33|0033|(?<!\d)0)\s*\(?0?\)?\s*[1-9](?:[\s.-]?\d{2}){4}(?!\d)/g;

function all(re: RegExp, text: string): string[] {
  return [...text.matchAll(re)].map((m) => m[0]);
}

/** Every finding in one text, in rule order, each distinct match once. */
export function scanText(text: string): TextFinding[] {
  const folded = fold(text);
  const findings: TextFinding[] = [];
  const add = (rule: TextFinding["rule"], matches: string[]) => {
    for (const match of new Set(matches)) findings.push({ rule, match });
  };
  const emails = all(EMAIL_RE, folded);
  const withoutEmails = emails.reduce((t, e) => t.replace(e, " "), folded);
  const urls = all(URL_RE, withoutEmails);
  const withoutUrls = urls.reduce((t, u) => t.replace(u, " "), withoutEmails);
  add("text.other_marketplace", all(MARKETPLACE_RE, withoutUrls));
  add("text.link", [...urls, ...all(DOMAIN_RE, withoutUrls)]);
  add("text.email", emails);
  add(
    "text.phone",
    all(PHONE_RE, folded).map((p) => p.trim()),
  );
  add("text.contact_app", all(CONTACT_APP_RE, withoutUrls));
  return findings;
}
