// Material names per language: a plain material word ("coton", "wool") is said in the text's
// language; a composition ("90 % coton, 10 % élasthanne") stays as the seller typed it.
import { fold } from "../fold.ts";
import type { AiLanguage } from "../platforms.ts";

const NAMES: Record<string, Record<AiLanguage, string>> = {
  cotton: {
    fr: "coton",
    en: "cotton",
    de: "Baumwolle",
    es: "algodón",
    it: "cotone",
    nl: "katoen",
    pl: "bawełna",
  },
  wool: { fr: "laine", en: "wool", de: "Wolle", es: "lana", it: "lana", nl: "wol", pl: "wełna" },
  denim: {
    fr: "denim",
    en: "denim",
    de: "Denim",
    es: "denim",
    it: "denim",
    nl: "denim",
    pl: "denim",
  },
  leather: {
    fr: "cuir",
    en: "leather",
    de: "Leder",
    es: "cuero",
    it: "pelle",
    nl: "leer",
    pl: "skóra",
  },
  silk: { fr: "soie", en: "silk", de: "Seide", es: "seda", it: "seta", nl: "zijde", pl: "jedwab" },
  linen: { fr: "lin", en: "linen", de: "Leinen", es: "lino", it: "lino", nl: "linnen", pl: "len" },
  polyester: {
    fr: "polyester",
    en: "polyester",
    de: "Polyester",
    es: "poliéster",
    it: "poliestere",
    nl: "polyester",
    pl: "poliester",
  },
  viscose: {
    fr: "viscose",
    en: "viscose",
    de: "Viskose",
    es: "viscosa",
    it: "viscosa",
    nl: "viscose",
    pl: "wiskoza",
  },
  synthetic: {
    fr: "synthétique",
    en: "synthetic",
    de: "synthetisch",
    es: "sintético",
    it: "sintetico",
    nl: "synthetisch",
    pl: "syntetyk",
  },
};
const BY_WORD = new Map<string, string>();
for (const [key, names] of Object.entries(NAMES))
  for (const name of Object.values(names)) BY_WORD.set(fold(name), key);
BY_WORD.set("synthetique", "synthetic");

export function materialName(seller: string, language: AiLanguage): string {
  const key = BY_WORD.get(fold(seller));
  return key ? (NAMES[key]?.[language] ?? seller) : seller;
}
