import { describe, expect, it } from "vitest";
import { cacheKey, normaliseAttributes, type ProductFacts } from "../src/ai/attributes.ts";
import {
  fillerSentences,
  templateBullets,
  templateText,
  templateTitle,
} from "../src/ai/fallback/templates.ts";
import { wrongLanguage } from "../src/ai/language-check.ts";
import { parseModelOutput } from "../src/ai/parse-output.ts";
import { fillPlaceholders, personalise, placeholderValues } from "../src/ai/personalise.ts";
import { enforcePlatformRules, type RuleContext } from "../src/ai/platform-rules.ts";
import {
  AI_LANGUAGES,
  AI_PLATFORMS,
  type AiPlatform,
  PLATFORM_RULES,
} from "../src/ai/platforms.ts";
import { cutAtWord, cutProse } from "../src/ai/text-cut.ts";
import { charCount } from "../src/ai/texts.ts";
import { scanText } from "../src/listings/lint-text.ts";

const FACTS: ProductFacts = {
  brand: "Levi's",
  category: "femmes/vetements/jeans",
  colors: ["bleu"],
  condition: "very_good",
  size: "38",
  material: "coton",
  price: "25.00",
  currency: "EUR",
};
const attrs = normaliseAttributes(FACTS);

function context(platform: AiPlatform, language: "fr" | "en" = "fr"): RuleContext {
  return {
    platform,
    filler: fillerSentences(language, "friendly"),
    bullets: templateBullets(attrs, language),
    fallbackTitle: templateTitle(attrs, language),
  };
}

/** Every word of `out` is a whole word of `source` (nothing cut mid-word). */
function wholeWords(out: string, source: string) {
  const words = new Set(source.split(/\s+/).map((w) => w.replace(/[.,;:!?…]+$/u, "")));
  for (const w of out.split(/\s+/))
    expect(words, `"${w}" was cut`).toContain(w.replace(/[.,;:!?…]+$/u, ""));
}

const LONG_FR =
  "Jean {brand} coupe droite, taille haute, très agréable à porter au quotidien grâce à sa toile souple. " +
  "Il se porte avec des baskets comme avec des bottines, et s'accorde avec toutes les couleurs de votre garde-robe. " +
  "Les coutures sont nettes, la fermeture fonctionne parfaitement et aucun défaut n'est à signaler sur la toile. " +
  "Un basique indispensable pour toutes les saisons, facile à entretenir et qui vieillit joliment avec le temps.";

describe("platform rules on adversarial model output", () => {
  it("cuts a too-long Vinted description to 200-300 characters at a sentence or word boundary", () => {
    const out = enforcePlatformRules(
      { title: "Jean {brand}", description: LONG_FR, keywords: [] },
      context("vinted"),
    );
    const n = charCount(out.text.description);
    expect(n).toBeGreaterThanOrEqual(200);
    expect(n).toBeLessThanOrEqual(300);
    expect(out.fixes).toContain("description_cut");
    wholeWords(out.text.description, LONG_FR);
  });

  it("pads a too-short Vinted description with neutral sentences in the same language", () => {
    const out = enforcePlatformRules(
      { title: "Jean", description: "Jean bleu.", keywords: [] },
      context("vinted"),
    );
    expect(charCount(out.text.description)).toBeGreaterThanOrEqual(200);
    expect(charCount(out.text.description)).toBeLessThanOrEqual(300);
    expect(out.text.description.startsWith("Jean bleu.")).toBe(true);
    expect(wrongLanguage(out.text.description, "fr")).toBeUndefined();
  });

  it("keeps every platform's title limit without cutting a word", () => {
    const title =
      "Superbe jean Levi's 501 original bleu délavé coupe droite taille haute vintage années 90 parfait état collector rare";
    for (const platform of AI_PLATFORMS) {
      const out = enforcePlatformRules(
        { title, description: LONG_FR, keywords: [] },
        context(platform),
      );
      expect(charCount(out.text.title)).toBeLessThanOrEqual(PLATFORM_RULES[platform].titleMax);
      wholeWords(out.text.title, title);
    }
    expect(cutAtWord("Anticonstitutionnellement", 10)).toBe("");
    expect(cutProse("Un deux trois quatre cinq six", 15, 100)).toBe("Un deux trois…");
  });

  it("removes other marketplaces, links, e-mails, phone numbers and messaging apps", () => {
    const description =
      "Jean en très bon état, porté deux fois seulement. Aussi dispo sur Leboncoin et sur eBay moins cher. " +
      "Plus de photos sur www.mon-dressing.fr ou par mail lea.martin@example.fr. " +
      "Appelez-moi au 06 12 34 56 78 ou sur WhatsApp. Envoi soigné sous 48 heures.";
    for (const platform of AI_PLATFORMS) {
      const out = enforcePlatformRules(
        {
          title: "Jean Levi's vu sur Vinted et Etsy",
          description,
          keywords: ["jean", "#leboncoin", "depop", "vintage"],
        },
        context(platform),
      );
      const all = `${out.text.title}\n${out.text.description}\n${out.text.keywords.join(" ")}`;
      expect(scanText(all), platform).toEqual([]);
      expect(all.toLowerCase()).not.toMatch(/vinted|etsy|ebay|depop|whatsapp|@|06 12/);
      expect(out.text.description).toContain("Envoi soigné sous 48 heures.");
      expect(out.text.keywords).toEqual(expect.arrayContaining(["jean", "vintage"]));
      expect(out.fixes).toEqual(expect.arrayContaining(["description_scrubbed", "title_scrubbed"]));
    }
  });

  it("gives eBay bullet points and keeps it within 5,000 characters; Etsy and Vinted stay prose", () => {
    const ebay = enforcePlatformRules(
      { title: "Jean", description: `${LONG_FR} `.repeat(20), keywords: [] },
      context("ebay"),
    );
    expect(ebay.text.description).toMatch(/^- /m);
    expect(ebay.fixes).toContain("bullets_added");
    expect(charCount(ebay.text.description)).toBeLessThanOrEqual(5000);
    const bulleted = "• Marque : Levi's\n* Couleur : bleu\n- Taille : 38";
    const etsy = enforcePlatformRules(
      { title: "Jean", description: bulleted, keywords: [] },
      context("etsy"),
    );
    expect(etsy.text.description).not.toMatch(/^[-•*] /m);
    expect(etsy.text.description).toContain("Marque : Levi's.");
    const ebay2 = enforcePlatformRules(
      { title: "Jean", description: bulleted, keywords: [] },
      context("ebay"),
    );
    expect(ebay2.text.description.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(3);
  });

  it("limits keywords per platform (Etsy: 13 tags of at most 20 characters)", () => {
    const keywords = Array.from({ length: 30 }, (_, i) => `#Mot clé numéro ${i} très très long`);
    const out = enforcePlatformRules(
      { title: "Jean", description: LONG_FR, keywords },
      context("etsy"),
    );
    expect(out.text.keywords.length).toBe(13);
    for (const k of out.text.keywords) {
      expect(charCount(k)).toBeLessThanOrEqual(20);
      expect(k).not.toContain("#");
    }
  });

  it("tells a text in the wrong language", () => {
    const english =
      "These jeans are in very good condition and you will love the fit. Perfect for the spring, they go with your sneakers and with a white shirt.";
    expect(wrongLanguage(english, "fr")).toBe("en");
    expect(wrongLanguage(english, "en")).toBeUndefined();
    expect(wrongLanguage(LONG_FR, "fr")).toBeUndefined();
    expect(wrongLanguage(LONG_FR, "de")).toBe("fr");
    expect(wrongLanguage("Jean Levi's 501", "de")).toBeUndefined(); // too short to tell
  });
});

describe("structured output parsing and repair", () => {
  const good = {
    platforms: {
      vinted: { title: "Jean", description: "Description", keywords: ["jean"] },
      ebay: { title: "Jeans", description: "- Brand", keywords: ["jeans"] },
    },
  };

  it("reads a clean answer without repairs", () => {
    const out = parseModelOutput(JSON.stringify(good), ["vinted", "ebay"]);
    expect(out.repairs).toEqual([]);
    expect(out.texts.vinted?.title).toBe("Jean");
  });

  it("repairs code fences, prose around the JSON, trailing commas and a cut-off answer", () => {
    const fenced = `Voici vos textes :\n\`\`\`json\n${JSON.stringify(good, null, 2).replace(/]\n(\s*)}/, "],\n$1}")}\n\`\`\``;
    const a = parseModelOutput(fenced, ["vinted", "ebay"]);
    expect(a.texts.vinted?.title).toBe("Jean");
    expect(a.repairs).toEqual(expect.arrayContaining(["code_fence", "trailing_comma"]));
    const cut = JSON.stringify(good).slice(0, -40);
    const b = parseModelOutput(cut, ["vinted", "ebay"]);
    expect(b.texts.vinted?.description).toBe("Description");
    expect(b.repairs).toContain("truncated");
  });

  it("accepts a flat or listed shape, descriptions as lines and keywords as one string", () => {
    const flat = parseModelOutput(
      JSON.stringify({
        vinted: { title: "Jean", description: ["Ligne 1", "Ligne 2"], keywords: "jean, bleu" },
      }),
      ["vinted"],
    );
    expect(flat.texts.vinted).toEqual({
      title: "Jean",
      description: "Ligne 1\nLigne 2",
      keywords: ["jean", "bleu"],
    });
    const listed = parseModelOutput(
      JSON.stringify({
        listings: [{ platform: "Etsy", title: "T", description: "D", tags: ["a"] }],
      }),
      ["etsy"],
    );
    expect(listed.texts.etsy).toEqual({ title: "T", description: "D", keywords: ["a"] });
  });

  it("reports what is missing or unreadable instead of inventing it", () => {
    const partial = parseModelOutput(JSON.stringify(good), ["vinted", "ebay", "etsy"]);
    expect(partial.texts.etsy).toBeUndefined();
    expect(partial.repairs).toContain("missing_etsy");
    expect(parseModelOutput("Désolé, je ne peux pas.", ["vinted"]).repairs).toContain("not_json");
    expect(parseModelOutput(null, ["vinted"]).texts).toEqual({});
    const empty = parseModelOutput(
      JSON.stringify({ platforms: { vinted: { title: "", description: "x" } } }),
      ["vinted"],
    );
    expect(empty.texts.vinted).toBeUndefined();
  });
});

describe("cache key and personalisation", () => {
  const key = (facts: ProductFacts, over: Partial<Parameters<typeof cacheKey>[0]> = {}) =>
    cacheKey({
      attributes: normaliseAttributes(facts),
      language: "fr",
      platforms: ["vinted", "ebay", "etsy"],
      style: "friendly",
      promptVersion: "p1",
      ...over,
    });

  it("is the same for identical attributes whatever the price, spelling, exact size, shade or brand of a tier", () => {
    const base = key(FACTS);
    expect(key({ ...FACTS, price: "99.00" })).toBe(base);
    expect(key({ ...FACTS, brand: "LEVI'S", colors: ["Bleu marine"], size: "40" })).toBe(base);
    expect(key({ ...FACTS, brand: "Sézane", colors: ["noir"], material: "100% cotton" })).toBe(
      base,
    );
    expect(
      cacheKey({
        attributes: attrs,
        language: "fr",
        platforms: ["etsy", "ebay", "vinted"],
        style: "friendly",
        promptVersion: "p1",
      }),
    ).toBe(base);
  });

  it("differs by attributes, language, platforms, style and prompt version", () => {
    const base = key(FACTS);
    const others = [
      key({ ...FACTS, brand: "Zara" }),
      key({ ...FACTS, condition: "new_with_tags" }),
      key({ ...FACTS, size: "XL" }),
      key({ ...FACTS, material: "laine" }),
      key({ ...FACTS, colors: ["rouge"] }),
      key({ ...FACTS, brand: "Chanel" }),
      key({ ...FACTS, brand: null }),
      key({ ...FACTS, category: "femmes/vetements/robes" }),
      key(FACTS, { language: "en" }),
      key(FACTS, { platforms: ["vinted"] }),
      key(FACTS, { style: "professional" }),
      key(FACTS, { promptVersion: "p2" }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it("puts the seller's values in and applies the emoji preference (never on eBay)", () => {
    const values = placeholderValues({ ...FACTS, price: "25.5" }, "fr");
    expect(fillPlaceholders("{brand} à {price}, {condition}, taille {size}", values)).toMatch(
      /^Levi's à 25,50\s€, très bon état, taille 38$/u,
    );
    // A base colour word is said in the text's language; a shade stays as the seller typed it.
    expect(placeholderValues({ ...FACTS, colors: ["bleu", "bleu marine"] }, "en").color).toBe(
      "blue, bleu marine",
    );
    expect(placeholderValues(FACTS, "en").material).toBe("cotton");
    expect(placeholderValues({ ...FACTS, material: "90 % coton" }, "de").material).toBe(
      "90 % coton",
    );
    expect(
      fillPlaceholders("Marque : {brand}. Matière : {material}.", { ...values, material: null }),
    ).toBe("Marque : Levi's. Matière.");
    const text = {
      title: "Jean {brand} 👖",
      description: "Jean {brand} 🔥 super.",
      keywords: ["{brand}"],
    };
    const plain = personalise(text, values, { platform: "vinted", item: "jeans", emoji: false });
    expect(plain).toEqual({
      title: "Jean Levi's",
      description: "Jean Levi's super.",
      keywords: ["Levi's"],
    });
    const fun = personalise(text, values, { platform: "vinted", item: "jeans", emoji: true });
    expect(fun.description).toMatch(/^👖 .* ✨$/u);
    expect(
      personalise(text, values, { platform: "ebay", item: "jeans", emoji: true }).description,
    ).not.toMatch(/\p{Extended_Pictographic}/u);
  });
});

describe("template fallback", () => {
  it("makes a valid text for every platform and language, with no placeholder left", () => {
    for (const language of AI_LANGUAGES) {
      for (const platform of AI_PLATFORMS) {
        const values = placeholderValues(FACTS, language);
        const raw = personalise(templateText(platform, attrs, language, "friendly"), values, {
          platform,
          item: attrs.item,
          emoji: false,
        });
        const out = enforcePlatformRules(raw, {
          platform,
          filler: fillerSentences(language, "friendly").map((s) => fillPlaceholders(s, values)),
          bullets: templateBullets(attrs, language).map((s) => fillPlaceholders(s, values)),
          fallbackTitle: fillPlaceholders(templateTitle(attrs, language), values),
        }).text;
        const rule = PLATFORM_RULES[platform];
        const where = `${language}/${platform}`;
        expect(charCount(out.description), where).toBeGreaterThanOrEqual(rule.descriptionMin);
        expect(charCount(out.description), where).toBeLessThanOrEqual(rule.descriptionMax);
        expect(charCount(out.title), where).toBeLessThanOrEqual(rule.titleMax);
        expect(`${out.title} ${out.description}`, where).not.toMatch(/[{}]/);
        expect(out.title, where).toContain("Levi's");
        if (platform === "ebay") expect(out.description, where).toMatch(/^- /m);
        expect(wrongLanguage(out.description, language), where).toBeUndefined();
      }
    }
  });

  it("leaves out what the product does not say", () => {
    const bare = normaliseAttributes({
      ...FACTS,
      brand: null,
      material: null,
      colors: [],
      size: null,
    });
    const text = templateText("ebay", bare, "en", "professional");
    expect(text.description).not.toMatch(/Brand|Material|Colour|Size/);
    expect(text.description).toContain("Condition: {condition}");
  });
});
