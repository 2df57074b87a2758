import type { Phrases } from "../phrases.ts";

export const it: Phrases = {
  items: {
    jeans: "jeans",
    dress: "vestito",
    sweater: "maglione",
    sweatshirt: "felpa",
    jacket: "giacca",
    coat: "cappotto",
    tshirt: "t-shirt",
    shirt: "camicia",
    top: "top",
    skirt: "gonna",
    trousers: "pantaloni",
    shorts: "pantaloncini",
    sneakers: "sneakers",
    boots: "stivali",
    shoes: "scarpe",
    bag: "borsa",
    item: "articolo",
  },
  conditions: {
    new_with_tags: "nuovo con cartellino",
    new_without_tags: "nuovo senza cartellino",
    very_good: "ottime condizioni",
    good: "buone condizioni",
    satisfactory: "condizioni discrete",
  },
  labels: {
    brand: "Marca",
    item: "Articolo",
    color: "Colore",
    material: "Materiale",
    size: "Taglia",
    condition: "Condizioni",
  },
  body: [
    "Un capo facile da indossare ogni giorno, che si abbina con tutto.",
    "Controllato prima della spedizione e pronto da indossare: una seconda vita per il tuo guardaroba.",
  ],
  closing: {
    friendly: "Spedizione veloce e curata; chiedimi pure qualsiasi cosa o crea un lotto!",
    professional:
      "Imballaggio accurato e spedizione entro 48 ore. Rispondo volentieri alle domande.",
    enthusiastic: "Un vero colpo di fulmine, spedito con cura! Domande e lotti benvenuti!",
  },
  ebayOpening: "Articolo usato in {condition}, descritto con precisione qui sotto.",
  ebayClosing: "Imballato con cura e spedito rapidamente. Grazie per la visita.",
  etsyStory: [
    "Alcuni capi hanno una storia da raccontare. Questo è stato scelto per il suo stile e la sua qualità, e ora aspetta una nuova vita nel tuo guardaroba.",
    "Facile da indossare, sta bene con un look casual come con uno più elegante, e attraversa le stagioni senza passare di moda.",
  ],
  etsyCare: "È in {condition}; un lavaggio delicato lo manterrà bello a lungo.",
  keywords: ["usato", "moda sostenibile", "vintage"],
};
