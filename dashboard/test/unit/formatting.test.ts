import { describe, expect, it } from "vitest";
import { createI18n } from "vue-i18n";
import { aiChoices } from "../../app/lib/ai-options.ts";
import { formatCents, formatMoney } from "../../app/lib/money.ts";
import { productForm, toProductInput } from "../../app/lib/product-form.ts";
import { moved } from "../../app/lib/reorder.ts";
import { dailySeries } from "../../app/lib/stats-series.ts";
import { usagePercent } from "../../app/lib/usage.ts";
import { i18nOptions } from "../../i18n/options.ts";

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("euro formatting", () => {
  it("writes prices the French and the English way", () => {
    expect(nbsp(formatMoney(25, "EUR", "fr"))).toBe("25,00 €");
    expect(formatMoney(25, "EUR", "en")).toBe("€25.00");
    expect(nbsp(formatMoney(1234.5, "EUR", "fr"))).toBe("1 234,50 €");
    expect(nbsp(formatCents(990, "EUR", "fr"))).toBe("9,90 €");
  });
});

describe("photo order", () => {
  it("moves a photo one place and keeps the edges", () => {
    expect(moved(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("product form", () => {
  it("sends blanks as cleared fields and colours as a list", () => {
    const form = {
      ...productForm(),
      title: "  Jean  ",
      price: 25,
      colors: "bleu, , blanc ",
      brand: " ",
    };
    expect(toProductInput(form)).toMatchObject({
      title: "Jean",
      price: 25,
      quantity: 1,
      brand: null,
      sku: null,
      colors: ["bleu", "blanc"],
    });
  });
});

describe("free attributes", () => {
  it("edits attributes as text and keeps structured ones unless changed", () => {
    const form = productForm({
      colors: [],
      attributes: { pattern: "striped", dims: { w: 30, h: 40 } },
    } as never);
    expect(form.attributes.map((a) => [a.key, a.value])).toEqual([
      ["pattern", "striped"],
      ["dims", '{"w":30,"h":40}'],
    ]);
    form.attributes.push({ key: " lining ", value: " silk " }, { key: " ", value: "dropped" });
    expect(toProductInput(form).attributes).toEqual({
      pattern: "striped",
      dims: { w: 30, h: 40 },
      lining: "silk",
    });
  });
});

describe("usage and stats", () => {
  it("fills a limit bar, empty when unlimited or not in the plan", () => {
    expect(usagePercent(5, 50)).toBe(10);
    expect(usagePercent(60, 50)).toBe(100);
    expect(usagePercent(3, null)).toBe(0);
    expect(usagePercent(0, 0)).toBe(0);
  });

  it("orders the 30-day series and labels days in the user's language", () => {
    const s = dailySeries(
      [
        { date: "2026-11-02", published: 2, sold: 1, errors: 0 },
        { date: "2026-11-01", published: 1, sold: 0, errors: 3 },
      ],
      "fr",
    );
    expect(s.labels).toEqual(["1 nov.", "2 nov."]);
    expect(s.published).toEqual([1, 2]);
    expect(s.errors).toEqual([3, 0]);
  });
});

describe("problem messages", () => {
  it("shows the engine's detail in English and the language's own words where it has them", async () => {
    const { ApiProblem, problemMessage } = await import("../../app/lib/api-problem.ts");
    const { createI18n } = await import("vue-i18n");
    const { i18nOptions } = await import("../../i18n/options.ts");
    const limit = new ApiProblem(402, {
      type: "https://stoflow.app/problems/plan-limit",
      title: "Plan limit reached",
      detail: "Your Standard plan allows 1 users; you have 1.",
    });
    const tIn = (locale: "en" | "fr") =>
      createI18n({ ...i18nOptions, locale, missingWarn: false, fallbackWarn: false }).global.t as (
        k: string,
      ) => string;
    expect(problemMessage(limit, tIn("en"))).toBe("Your Standard plan allows 1 users; you have 1.");
    expect(problemMessage(limit, tIn("fr"))).toMatch(
      /^Vous avez atteint une limite de votre offre/,
    );
    const invalid = new ApiProblem(400, {
      type: "https://stoflow.app/problems/validation",
      title: "Invalid request",
      errors: [{ path: "price", message: "must be positive" }],
    });
    expect(problemMessage(invalid, tIn("fr"))).toBe("Invalid request (price: must be positive)");
    expect(problemMessage(new TypeError("fetch failed"), tIn("fr"))).toMatch(/injoignable/);
  });
});

describe("AI options", () => {
  it("offers the engine's tones and lengths in order, labelled in the seller's language", () => {
    const { t } = createI18n({ ...i18nOptions, locale: "fr" }).global;
    const { tones, lengths } = aiChoices(t);
    expect(tones.map((o) => o.value)).toEqual(["friendly", "professional", "enthusiastic"]);
    expect(lengths.map((o) => o.value)).toEqual(["short", "standard", "long"]);
    for (const o of [...tones, ...lengths]) expect(o.label).not.toMatch(/^product\./);
  });
});
