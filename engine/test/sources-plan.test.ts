// A shop's plan bounds what an import brings in: new products beyond the limit are refused
// (counted as failed, with the reason), while those already imported keep updating.
import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPlan } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";
import { startWooFlow, type WooFlow } from "./support/woocommerce.ts";

describe("imports within the plan's product limit", () => {
  let flow: WooFlow;
  beforeAll(async () => {
    flow = await startWooFlow({ products: 80, variableRatio: 0 });
    await setPlan(flow.engine, flow.shop.tenantId, "starter"); // 50 products
  });
  afterAll(() => flow.close());

  const count = async () =>
    (
      await flow.engine.database.pool.query(
        `SELECT count(*)::int AS n FROM ${tenantSchema(flow.shop.tenantId)}.products`,
      )
    ).rows[0].n as number;

  it("imports up to the limit and says why the rest is not there", async () => {
    const { sourceId, runId } = await flow.connect();
    const done = await flow.finished(sourceId, runId);
    expect(done).toMatchObject({ status: "succeeded", total: 80, done: 50, failed: 30 });
    expect(done.errors.at(-1).message).toContain("limit of 50 products");
    expect(await count()).toBe(50);

    // A product already imported still follows the shop; a new one finds no room.
    flow.woo.state.updateProduct(1, { name: "Still in sync" });
    flow.woo.state.createProduct({ name: "One too many", status: "publish" });
    const { rows } = await until(
      () =>
        flow.engine.database.pool.query(
          `SELECT title FROM ${tenantSchema(flow.shop.tenantId)}.products WHERE source_ref = '1'`,
        ),
      (r) => r.rows[0]?.title === "Still in sync",
    );
    expect(rows[0].title).toBe("Still in sync");
    await flow.woo.webhooks.settle();
    expect(await count()).toBe(50);
  });
});
