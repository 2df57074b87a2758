import type { Phrases } from "../phrases.ts";

export const de: Phrases = {
  items: {
    jeans: "Jeans",
    dress: "Kleid",
    sweater: "Pullover",
    sweatshirt: "Sweatshirt",
    jacket: "Jacke",
    coat: "Mantel",
    tshirt: "T-Shirt",
    shirt: "Hemd",
    top: "Oberteil",
    skirt: "Rock",
    trousers: "Hose",
    shorts: "Shorts",
    sneakers: "Sneaker",
    boots: "Stiefel",
    shoes: "Schuhe",
    bag: "Tasche",
    item: "Artikel",
  },
  conditions: {
    new_with_tags: "neu mit Etikett",
    new_without_tags: "neu ohne Etikett",
    very_good: "sehr guter Zustand",
    good: "guter Zustand",
    satisfactory: "zufriedenstellender Zustand",
  },
  labels: {
    brand: "Marke",
    item: "Artikel",
    color: "Farbe",
    material: "Material",
    size: "Größe",
    condition: "Zustand",
  },
  body: [
    "Ein Stück, das sich jeden Tag leicht tragen lässt und zu allem passt.",
    "Vor dem Versand geprüft und bereit zum Tragen: ein schönes zweites Leben für deinen Kleiderschrank.",
  ],
  closing: {
    friendly: "Schneller, sorgfältiger Versand; frag mich gern oder schnür dir ein Bundle!",
    professional:
      "Sorgfältig verpackt und innerhalb von 48 Stunden versandt. Fragen beantworte ich gern.",
    enthusiastic:
      "Ein echtes Lieblingsstück, mit Liebe verschickt! Fragen und Bundles sind willkommen!",
  },
  ebayOpening: "Gebrauchter Artikel, {condition}, unten genau beschrieben.",
  ebayClosing: "Sorgfältig verpackt und schnell versandt. Danke für Ihr Interesse.",
  etsyStory: [
    "Manche Stücke haben eine Geschichte zu erzählen. Dieses wurde wegen seines Stils und seiner Qualität ausgewählt und wartet jetzt auf ein neues Leben in deinem Kleiderschrank.",
    "Es lässt sich leicht tragen, passt zu einem lässigen Outfit genauso wie zu einem eleganteren Look und bleibt über die Jahreszeiten hinweg zeitlos.",
  ],
  etsyCare: "Zustand: {condition}; eine schonende Wäsche hält es lange schön.",
  keywords: ["second hand", "nachhaltige mode", "vintage"],
};
