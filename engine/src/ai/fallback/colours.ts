// Colour names per language, so an English listing of a product entered in French says
// "navy blue"-like words in English; shades we cannot place keep the seller's own word.
import { fold } from "../fold.ts";
import type { AiLanguage } from "../platforms.ts";

const NAMES: Record<string, Record<AiLanguage, string>> = {
  black: {
    fr: "noir",
    en: "black",
    de: "schwarz",
    es: "negro",
    it: "nero",
    nl: "zwart",
    pl: "czarny",
  },
  white: {
    fr: "blanc",
    en: "white",
    de: "weiß",
    es: "blanco",
    it: "bianco",
    nl: "wit",
    pl: "biały",
  },
  grey: { fr: "gris", en: "grey", de: "grau", es: "gris", it: "grigio", nl: "grijs", pl: "szary" },
  blue: { fr: "bleu", en: "blue", de: "blau", es: "azul", it: "blu", nl: "blauw", pl: "niebieski" },
  red: { fr: "rouge", en: "red", de: "rot", es: "rojo", it: "rosso", nl: "rood", pl: "czerwony" },
  green: {
    fr: "vert",
    en: "green",
    de: "grün",
    es: "verde",
    it: "verde",
    nl: "groen",
    pl: "zielony",
  },
  yellow: {
    fr: "jaune",
    en: "yellow",
    de: "gelb",
    es: "amarillo",
    it: "giallo",
    nl: "geel",
    pl: "żółty",
  },
  pink: { fr: "rose", en: "pink", de: "rosa", es: "rosa", it: "rosa", nl: "roze", pl: "różowy" },
  purple: {
    fr: "violet",
    en: "purple",
    de: "lila",
    es: "morado",
    it: "viola",
    nl: "paars",
    pl: "fioletowy",
  },
  brown: {
    fr: "marron",
    en: "brown",
    de: "braun",
    es: "marrón",
    it: "marrone",
    nl: "bruin",
    pl: "brązowy",
  },
  beige: {
    fr: "beige",
    en: "beige",
    de: "beige",
    es: "beige",
    it: "beige",
    nl: "beige",
    pl: "beżowy",
  },
  orange: {
    fr: "orange",
    en: "orange",
    de: "orange",
    es: "naranja",
    it: "arancione",
    nl: "oranje",
    pl: "pomarańczowy",
  },
  gold: { fr: "doré", en: "gold", de: "gold", es: "dorado", it: "oro", nl: "goud", pl: "złoty" },
  silver: {
    fr: "argenté",
    en: "silver",
    de: "silber",
    es: "plateado",
    it: "argento",
    nl: "zilver",
    pl: "srebrny",
  },
  multicolour: {
    fr: "multicolore",
    en: "multicoloured",
    de: "mehrfarbig",
    es: "multicolor",
    it: "multicolore",
    nl: "veelkleurig",
    pl: "wielokolorowy",
  },
};

/** A base colour word of any language ("bleu", "Blue") in `language`; a shade as typed. */
export function colourName(family: string, seller: string, language: AiLanguage): string {
  const names = NAMES[family];
  const base = names && Object.values(names).some((n) => fold(n) === fold(seller));
  return base && names ? names[language] : seller;
}
