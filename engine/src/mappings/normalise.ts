// How free text a seller typed becomes a key in platform_mappings. The seed migration
// (db/migrations/control/0005_seed_vinted_mappings.sql) slugs its values the same way.

/** Lower case, no accents, apostrophes, dots and "&" dropped, other runs of non-letters → "-". */
export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[&'’.]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The key two spellings share when they differ only in spaces, hyphens or a joining word:
 * "Petit-Bateau", "petit bateau"; "Jack and Jones", "Jack & Jones"; "Tartine et Chocolat".
 */
export function compact(text: string): string {
  return slug(text)
    .split("-")
    .filter((word) => word !== "and" && word !== "et")
    .join("");
}

const ONE_SIZE = new Set(["tu", "taille-unique", "unique", "one-size", "onesize", "os", "unisize"]);
const LETTERS: Record<string, string> = {
  "2xs": "xxs",
  "2xl": "xxl",
  "3xl": "xxxl",
  xxxxl: "4xl",
};

/**
 * A size as the seed keys it within its group: "m", "38", "3mois", "4ans", "tu".
 * Accepts "Taille 38", "T38", "EU 38", "FR 38", "3 mois", "4 ans", "4A", "18M", "2XL", "TU".
 */
export function sizeKey(text: string): string {
  let s = slug(text).replace(/^(taille|size|eu|fr|t)-?(?=[0-9a-z])/, "");
  if (ONE_SIZE.has(s)) return "tu";
  s = s.replace(/-/g, "");
  const months = /^(\d{1,2})(m|mois|month|months)$/.exec(s);
  if (months) return `${Number(months[1])}mois`;
  const years = /^(\d{1,2})(a|an|ans|y|yr|yrs|year|years)$/.exec(s);
  if (years) return `${Number(years[1])}ans`;
  return LETTERS[s] ?? s;
}
