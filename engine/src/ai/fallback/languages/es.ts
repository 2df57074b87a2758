import type { Phrases } from "../phrases.ts";

export const es: Phrases = {
  items: {
    jeans: "vaqueros",
    dress: "vestido",
    sweater: "jersey",
    sweatshirt: "sudadera",
    jacket: "chaqueta",
    coat: "abrigo",
    tshirt: "camiseta",
    shirt: "camisa",
    top: "top",
    skirt: "falda",
    trousers: "pantalón",
    shorts: "pantalón corto",
    sneakers: "zapatillas",
    boots: "botas",
    shoes: "zapatos",
    bag: "bolso",
    item: "artículo",
  },
  conditions: {
    new_with_tags: "nuevo con etiqueta",
    new_without_tags: "nuevo sin etiqueta",
    very_good: "muy buen estado",
    good: "buen estado",
    satisfactory: "estado aceptable",
  },
  labels: {
    brand: "Marca",
    item: "Artículo",
    color: "Color",
    material: "Material",
    size: "Talla",
    condition: "Estado",
  },
  body: [
    "Una prenda fácil de llevar a diario que combina con todo.",
    "Revisada antes del envío y lista para usar: una segunda vida para tu armario.",
  ],
  closing: {
    friendly: "Envío rápido y cuidadoso; ¡pregúntame lo que quieras o haz un lote!",
    professional:
      "Embalaje cuidadoso y envío en 48 horas. Respondo con gusto a cualquier pregunta.",
    enthusiastic: "¡Un auténtico flechazo, enviado con cariño! ¡Preguntas y lotes bienvenidos!",
  },
  ebayOpening: "Artículo de segunda mano en {condition}, descrito con precisión a continuación.",
  ebayClosing: "Embalado con cuidado y enviado rápidamente. Gracias por su visita.",
  etsyStory: [
    "Algunas prendas tienen una historia que contar. Esta fue elegida por su estilo y su calidad, y ahora espera una nueva vida en tu armario.",
    "Fácil de llevar, queda tan bien con un look informal como con uno más arreglado, y pasa de temporada en temporada sin pasar de moda.",
  ],
  etsyCare: "Está en {condition}; un lavado delicado la mantendrá bonita mucho tiempo.",
  keywords: ["segunda mano", "moda sostenible", "vintage"],
};
