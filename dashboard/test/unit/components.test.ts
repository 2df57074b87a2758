import { describe, expect, it } from "vitest";
import LintPanel from "../../app/components/LintPanel.vue";
import PlatformChips from "../../app/components/PlatformChips.vue";
import UsageMeter from "../../app/components/UsageMeter.vue";
import { mountWith } from "./mount.ts";

const check = (overrides: Record<string, unknown> = {}) => ({
  platform: "vinted",
  ready: false,
  lint: {
    errors: [{ rule: "photos.required", field: "photos", message: "Add at least one photo." }],
    warnings: [
      {
        rule: "description.short",
        field: "description",
        message: "A longer description sells better.",
      },
    ],
  },
  mapping: {
    ok: false,
    ids: null,
    missing: [{ field: "category", value: "robes/longues", message: "Unknown category" }],
    notes: [],
  },
  ...overrides,
});

describe("LintPanel", () => {
  it("lists lint errors and unmapped values as errors, and warnings apart, with field names", () => {
    const w = mountWith(LintPanel, { check: check() });
    const errors = w.findAll("[data-testid=lint-error]").map((e) => e.text());
    expect(errors).toEqual([
      "Photos — Add at least one photo.",
      "Category — Unknown category (robes/longues)",
    ]);
    expect(w.findAll("[data-testid=lint-warning]").map((e) => e.text())).toEqual([
      "Description — A longer description sells better.",
    ]);
    expect(w.find("[data-testid=lint-ready]").exists()).toBe(false);
  });

  it("reads the rules it knows in French, with what matched", () => {
    const w = mountWith(
      LintPanel,
      {
        check: check({
          lint: {
            errors: [
              {
                rule: "text.link",
                field: "description",
                message: "Has a link",
                match: "https://x.fr",
              },
            ],
            warnings: [],
          },
          mapping: { ok: true, ids: null, missing: [], notes: [] },
        }),
      },
      "fr",
    );
    expect(w.find("[data-testid=lint-error]").text()).toBe(
      "Description — Le texte contient un lien ; Vinted n'autorise pas les liens dans les annonces. (« https://x.fr »)",
    );
  });

  it("says ready in French when nothing blocks", () => {
    const w = mountWith(
      LintPanel,
      {
        check: check({
          ready: true,
          lint: { errors: [], warnings: [] },
          mapping: { ok: true, ids: null, missing: [], notes: [] },
        }),
      },
      "fr",
    );
    expect(w.find("[data-testid=lint-ready]").text()).toContain("Prêt à publier");
    expect(w.findAll("[data-testid=lint-error]")).toHaveLength(0);
  });
});

describe("PlatformChips", () => {
  it("shows one chip per platform with its state, translated", () => {
    const w = mountWith(PlatformChips, { listings: [{ platform: "vinted", state: "sold" }] }, "fr");
    const chip = w.find("[data-platform=vinted]");
    expect(chip.attributes("data-state")).toBe("sold");
    expect(chip.text()).toBe("Vinted · vendu");
  });
});

describe("UsageMeter", () => {
  it("marks a reached limit and writes unlimited ones out", () => {
    const full = mountWith(UsageMeter, { label: "Team members", used: 1, max: 1 });
    expect(full.attributes("data-full")).toBe("true");
    expect(full.text()).toContain("1 / 1");
    const open = mountWith(UsageMeter, { label: "Products", used: 3, max: null }, "fr");
    expect(open.attributes("data-full")).toBe("false");
    expect(open.text()).toContain("3 / illimité");
    const none = mountWith(UsageMeter, { label: "AI", used: 0, max: 0 });
    expect(none.attributes("data-full")).toBe("false");
    expect(none.text()).toContain("not included");
  });
});

describe("PageState", () => {
  it("shows loading, then an error with a working retry, then empty, then the content", async () => {
    const { h } = await import("vue");
    const PageState = (await import("../../app/components/PageState.vue")).default;
    let retried = 0;
    const slots = { default: () => h("p", { class: "content" }, "rows") };
    const loading = mountWith(PageState, { loading: true }, "fr");
    expect(loading.find("[role=status]").text()).toContain("Chargement");
    const failed = mountWith(PageState, {
      error: "Le serveur est injoignable.",
      retry: () => retried++,
    });
    expect(failed.text()).toContain("Le serveur est injoignable.");
    await failed.find("button").trigger("click");
    expect(retried).toBe(1);
    const empty = mountWith(PageState, { empty: "No products yet." });
    expect(empty.text()).toContain("No products yet.");
    expect(empty.find(".content").exists()).toBe(false);
    const full = mountWith(PageState, {}, "en", slots);
    expect(full.find(".content").text()).toBe("rows");
  });
});
