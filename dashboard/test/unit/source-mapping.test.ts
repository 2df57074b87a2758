import { describe, expect, it } from "vitest";
import { createI18n } from "vue-i18n";
import { ApiProblem } from "../../app/lib/api-problem";
import { mappingBody, mappingErrors, mappingForm, splitNames } from "../../app/lib/source-mapping";
import { i18nOptions } from "../../i18n/options.ts";

const view = {
  stored: {
    attributes: { brand: ["Créateur", "Marque"] },
    conditions: { "Comme neuf": "very_good" },
  },
  effective: {
    attributes: {
      brand: ["Créateur", "Marque"],
      size: ["size", "taille"],
      colour: ["colour"],
      condition: ["condition"],
      material: ["material"],
    },
    conditions: { "comme neuf": "very_good", neuf: "new_without_tags" },
  },
} as const;

describe("source mapping form", () => {
  it("marks the seller's fields as custom, the others as the defaults, and keeps only the seller's conditions", () => {
    const form = mappingForm(structuredClone(view) as never);
    expect(form.attributes.brand).toEqual({ names: "Créateur, Marque", custom: true });
    expect(form.attributes.size).toEqual({ names: "size, taille", custom: false });
    expect(form.conditions).toEqual([{ value: "Comme neuf", condition: "very_good" }]);
    expect(form.reimport).toBe(true);
  });

  it("sends the whole of the seller's edits: custom fields only, complete condition rows only", () => {
    const form = mappingForm(structuredClone(view) as never);
    form.attributes.size = { names: " taille ,, pointure ", custom: true };
    form.conditions.push({ value: "  ", condition: "good" }, { value: "Usé", condition: null });
    form.reimport = false;
    expect(mappingBody(form)).toEqual({
      attributes: { brand: ["Créateur", "Marque"], size: ["taille", "pointure"] },
      conditions: { "Comme neuf": "very_good" },
      reimport: false,
    });
    form.attributes.brand.custom = false;
    expect(mappingBody(form).attributes).toEqual({ size: ["taille", "pointure"] });
  });

  it("splits names on commas, trimmed, without empty ones", () => {
    expect(splitNames("a, b ,,c,")).toEqual(["a", "b", "c"]);
    expect(splitNames("  ")).toEqual([]);
  });

  it("puts the API's validation errors on the field they are about, in the seller's words", () => {
    const form = mappingForm(structuredClone(view) as never);
    form.attributes.size = { names: `taille, ${"x".repeat(101)}`, custom: true };
    const problem = new ApiProblem(400, {
      type: "https://stoflow.dev/problems/validation",
      title: "Invalid request",
      errors: [
        { path: "body.attributes.size.1", message: "Too big" },
        { path: "body.attributes.colour", message: "Too big" },
        { path: "body.conditions.Usé", message: "Invalid option" },
        { path: "body.attributes.shoe", message: "Unrecognized key" },
      ],
    });
    const i18n = createI18n({ ...i18nOptions, locale: "fr" });
    expect(mappingErrors(problem, form, i18n.global.t)).toEqual({
      size: [`Le nom « ${"x".repeat(24)}… » est trop long : 100 caractères au plus.`],
      colour: ["20 noms au plus par champ."],
      conditions: ["« Usé » : une valeur fait 100 caractères au plus et demande un état Stoflow."],
      form: ["Unrecognized key"],
    });
  });
});
