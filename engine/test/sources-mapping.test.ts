// The attribute mapping of a source: sensible defaults (Marque, Taille, Couleur, État, Matière
// and French condition values), edited per source, applied to the products already imported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";
import { startWooFlow, storedProducts, type WooFlow } from "./support/woocommerce.ts";

describe("source attribute mapping", () => {
  let flow: WooFlow;
  let sourceId: string;
  beforeAll(async () => {
    flow = await startWooFlow({ products: 60, variableRatio: 0 });
    const connected = await flow.connect();
    sourceId = connected.sourceId;
    expect(await flow.finished(sourceId, connected.runId)).toMatchObject({ status: "succeeded" });
  });
  afterAll(() => flow.close());

  it("shows the defaults, then applies an edit to every imported product", async () => {
    const path = `/api/v1/sources/${sourceId}/mapping`;
    const current = await request(flow.engine, "GET", path, { token: flow.shop.accessToken });
    expect(current.status).toBe(200);
    expect(current.body.stored).toEqual({});
    expect(current.body.effective.attributes.brand).toContain("marque");
    expect(current.body.effective.conditions["bon etat"]).toBe("good");

    const before = await storedProducts(flow.engine, flow.shop.tenantId);
    expect(before.every((p) => p.brand !== null && p.material !== null)).toBe(true);

    const edit = await request(flow.engine, "PUT", path, {
      token: flow.shop.accessToken,
      body: { attributes: { brand: ["Matière"] }, conditions: { "Bon état": "very_good" } },
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body.effective.attributes.brand).toEqual(["Matière"]);
    // The defaults stay in view for "use the default", whatever the edits.
    expect(edit.body.defaults.attributes.brand).toEqual(current.body.effective.attributes.brand);
    const runs = async () =>
      (
        await request(flow.engine, "GET", `/api/v1/sources/${sourceId}/imports`, {
          token: flow.shop.accessToken,
        })
      ).body.items;
    const done = await until(
      runs,
      (items) => items.length === 2 && items[0].status !== "running",
      60_000,
    );
    expect(done[0]).toMatchObject({ status: "succeeded", done: 60 });

    const after = await storedProducts(flow.engine, flow.shop.tenantId);
    for (const p of after) {
      expect(p.brand, p.source_ref).toBe(p.material);
      const shop = flow.woo.state.product(Number(p.source_ref));
      const state = shop?.attributes.find((a) => a.name === "État")?.options[0];
      if (state === "Bon état") expect(p.condition).toBe("very_good");
    }
    expect(after.some((p, i) => p.brand !== before[i]?.brand)).toBe(true);
  }, 90_000);

  it("refuses a mapping it cannot apply, with a problem naming the field", async () => {
    const res = await request(flow.engine, "PUT", `/api/v1/sources/${sourceId}/mapping`, {
      token: flow.shop.accessToken,
      body: { conditions: { "Comme neuf": "mint" }, reimport: false },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(res.body.errors)).toContain("conditions");
  });
});
