// A generated second-hand catalogue with the skew real resale stock has: a few high-street
// brands make most of it, a handful of categories and colours dominate, materials follow the
// category. Seeded, so every run writes the same 1,000 products.

/** mulberry32: a small seeded PRNG, enough for reproducible benchmark data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Picks from `items` with Zipf weights 1/rank^s (rank 1 most frequent). */
function zipf<T>(items: readonly T[], s: number) {
  const weights = items.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  return (random: () => number): T => {
    let r = random() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] as number;
      if (r <= 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  };
}

function weighted<T>(pairs: readonly (readonly [T, number])[]) {
  const total = pairs.reduce((a, [, w]) => a + w, 0);
  return (random: () => number): T => {
    let r = random() * total;
    for (const [value, w] of pairs) {
      r -= w;
      if (r <= 0) return value;
    }
    return (pairs[pairs.length - 1] as readonly [T, number])[0];
  };
}

// Most listed brands on French resale sites first (high street, then sport, then premium).
const BRANDS = [
  "Zara",
  "H&M",
  "Kiabi",
  "Shein",
  "Primark",
  "Mango",
  "Nike",
  "Jennyfer",
  "Promod",
  "Bershka",
  "Adidas",
  "Pull&Bear",
  "Levi's",
  "Etam",
  "Camaïeu",
  "Vertbaudet",
  "Okaïdi",
  "Cache Cache",
  "Naf Naf",
  "Uniqlo",
  "Sézane",
  "Maje",
  "Sandro",
  "Vans",
  "Converse",
  "Petit Bateau",
  "Gap",
  "Tommy Hilfiger",
  "Ralph Lauren",
  "Lacoste",
  "Desigual",
  "Springfield",
  "Celio",
  "Jules",
  "Decathlon",
  "Kookaï",
  "The Kooples",
  "Zadig & Voltaire",
  "Comptoir des Cotonniers",
  "Bonobo",
] as const;

interface Category {
  path: string;
  sizes: "letters" | "numbers" | "shoes" | "one" | "kids";
  materials: readonly (readonly [string, number])[];
}

const CATEGORIES: readonly Category[] = [
  {
    path: "femmes/vetements/jeans",
    sizes: "numbers",
    materials: [
      ["denim", 9],
      ["coton", 1],
    ],
  },
  {
    path: "femmes/vetements/robes",
    sizes: "letters",
    materials: [
      ["polyester", 5],
      ["coton", 3],
      ["viscose", 2],
    ],
  },
  {
    path: "femmes/vetements/hauts/t-shirts",
    sizes: "letters",
    materials: [
      ["coton", 8],
      ["polyester", 2],
    ],
  },
  {
    path: "femmes/vetements/pulls",
    sizes: "letters",
    materials: [
      ["acrylique", 5],
      ["laine", 3],
      ["coton", 2],
    ],
  },
  {
    path: "femmes/vetements/vestes",
    sizes: "letters",
    materials: [
      ["polyester", 5],
      ["denim", 3],
      ["cuir", 2],
    ],
  },
  {
    path: "enfants/vetements",
    sizes: "kids",
    materials: [
      ["coton", 9],
      ["polyester", 1],
    ],
  },
  {
    path: "femmes/chaussures/baskets",
    sizes: "shoes",
    materials: [
      ["synthetique", 6],
      ["cuir", 4],
    ],
  },
  {
    path: "hommes/vetements/t-shirts",
    sizes: "letters",
    materials: [
      ["coton", 9],
      ["polyester", 1],
    ],
  },
  {
    path: "femmes/vetements/manteaux",
    sizes: "letters",
    materials: [
      ["laine", 5],
      ["polyester", 5],
    ],
  },
  {
    path: "femmes/vetements/jupes",
    sizes: "letters",
    materials: [
      ["polyester", 5],
      ["coton", 3],
      ["denim", 2],
    ],
  },
  {
    path: "femmes/sacs",
    sizes: "one",
    materials: [
      ["cuir", 5],
      ["synthetique", 5],
    ],
  },
  { path: "hommes/vetements/jeans", sizes: "numbers", materials: [["denim", 10]] },
  {
    path: "femmes/vetements/pantalons",
    sizes: "numbers",
    materials: [
      ["polyester", 5],
      ["coton", 5],
    ],
  },
  {
    path: "hommes/vetements/sweats",
    sizes: "letters",
    materials: [
      ["coton", 8],
      ["polyester", 2],
    ],
  },
  {
    path: "femmes/vetements/chemises",
    sizes: "letters",
    materials: [
      ["coton", 6],
      ["viscose", 4],
    ],
  },
  {
    path: "femmes/chaussures/bottes",
    sizes: "shoes",
    materials: [
      ["cuir", 7],
      ["synthetique", 3],
    ],
  },
  {
    path: "hommes/chaussures/baskets",
    sizes: "shoes",
    materials: [
      ["synthetique", 6],
      ["cuir", 4],
    ],
  },
  {
    path: "femmes/vetements/shorts",
    sizes: "numbers",
    materials: [
      ["denim", 6],
      ["coton", 4],
    ],
  },
];

const COLORS = [
  "noir",
  "bleu",
  "blanc",
  "gris",
  "beige",
  "bleu marine",
  "rose",
  "vert",
  "rouge",
  "marron",
  "multicolore",
  "kaki",
  "bordeaux",
  "jaune",
  "écru",
  "violet",
] as const;

const CONDITIONS = [
  ["very_good", 45],
  ["good", 28],
  ["new_without_tags", 12],
  ["new_with_tags", 10],
  ["satisfactory", 5],
] as const;

const SIZES = {
  letters: [
    ["S", 25],
    ["M", 35],
    ["L", 22],
    ["XS", 10],
    ["XL", 8],
  ],
  numbers: [
    ["36", 22],
    ["38", 30],
    ["40", 25],
    ["34", 10],
    ["42", 9],
    ["44", 4],
  ],
  shoes: [
    ["38", 20],
    ["39", 20],
    ["37", 15],
    ["40", 15],
    ["41", 10],
    ["42", 10],
    ["43", 10],
  ],
  one: [["Taille unique", 1]],
  kids: [
    ["4 ans", 20],
    ["6 ans", 20],
    ["8 ans", 20],
    ["10 ans", 20],
    ["12 ans", 20],
  ],
} as const;

export interface CatalogueProduct {
  title: string;
  brand: string;
  category: string;
  colors: string[];
  condition: string;
  size: string;
  material: string;
  price: number;
}

export const SKEW = { brands: 1.1, categories: 1.0, colors: 1.2 } as const;

export function generateCatalogue(count: number, seed = 20_261_125): CatalogueProduct[] {
  const random = prng(seed);
  const brand = zipf(BRANDS, SKEW.brands);
  const category = zipf(CATEGORIES, SKEW.categories);
  const color = zipf(COLORS, SKEW.colors);
  const condition = weighted(CONDITIONS);
  return Array.from({ length: count }, (_, i) => {
    const c = category(random);
    const b = brand(random);
    const leaf = c.path.split("/").at(-1) ?? "article";
    return {
      title: `${leaf} ${b} #${i + 1}`,
      brand: b,
      category: c.path,
      colors: [color(random)],
      condition: condition(random),
      size: weighted(SIZES[c.sizes])(random),
      material: weighted(c.materials)(random),
      // Resale prices: mostly 5-30 €, a long tail up to 150 €.
      price: Math.round((5 + 145 * random() ** 3) * 100) / 100,
    };
  });
}
