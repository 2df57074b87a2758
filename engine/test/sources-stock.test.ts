// Stock stays consistent both ways, over HTTP between the WooCommerce sandbox, the engine and
// the Vinted sandbox: an order in the shop delists the item on Vinted (by webhook, or at the
// next sync when webhooks are missing), and a sale on Vinted takes the stock down in the shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import { startWooSandbox, type WooSandbox } from "../src/sandbox/woocommerce/server.ts";
import type { WcAttribute, WcProduct } from "../src/sandbox/woocommerce/types.ts";
import { sweepSourceSyncs } from "../src/sources/jobs.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";
import { wooFlowOn } from "./support/woocommerce.ts";

let vinted: SandboxFlow;
let woo: WooSandbox;
let seller: Seller;
let sourceId: string;

/** A shop product every seeded Vinted mapping knows, with a photo the shop serves. */
function shopProduct(name: string) {
  return woo.state.createProduct(shopFields(name));
}

function shopFields(name: string): Partial<WcProduct> & { attributes: WcAttribute[] } {
  return {
    name,
    status: "publish",
    description: "<p>Porté deux fois, aucun défaut, coupe droite.</p>",
    price: "25.00",
    regular_price: "25.00",
    sale_price: "",
    manage_stock: true,
    stock_quantity: 1,
    categories: [{ id: 90, name: "femmes/vetements/jeans", slug: "jeans" }],
    images: [
      {
        id: 1,
        src: `${woo.url}/wp-content/uploads/sandbox/1-0.jpg`,
        name: "face",
        alt: name,
        position: 0,
      },
    ],
    attributes: [
      { id: 1, name: "Marque", position: 0, visible: true, variation: false, options: ["Levi's"] },
      { id: 2, name: "Taille", position: 1, visible: true, variation: false, options: ["38"] },
      { id: 3, name: "Couleur", position: 2, visible: true, variation: false, options: ["bleu"] },
      {
        id: 4,
        name: "État",
        position: 3,
        visible: true,
        variation: false,
        options: ["Très bon état"],
      },
    ],
  };
}

async function productIdOf(ref: number): Promise<string> {
  const { rows } = await vinted.engine.database.pool.query(
    `SELECT id FROM tenant_${vinted.shop.tenantId}.products WHERE source_ref = $1`,
    [String(ref)],
  );
  return rows[0]?.id;
}

/** Imports the shop's new products, then publishes them on the seller's Vinted account. */
async function importAndPublish(refs: number[]) {
  const res = await fetch(`${vinted.engine.url}/api/v1/sources/${sourceId}/imports`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${vinted.shop.accessToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ kind: "incremental" }),
  });
  const run = (await res.json()) as { runId: string };
  await wooFlowOn(woo, vinted.engine, vinted.shop).finished(sourceId, run.runId);
  const ids: string[] = [];
  for (const ref of refs) {
    const id = await until(
      () => productIdOf(ref),
      (x) => x !== undefined,
    );
    const publish = await vinted.publish(id, seller.accountId);
    expect(publish.status, JSON.stringify(publish.body)).toBe(202);
    ids.push(id);
  }
  for (const id of ids) {
    const listings = await until(
      () => vinted.listingsOf(id),
      (ls) => ls[0]?.state === "published",
      30_000,
    );
    expect(listings[0]?.state, JSON.stringify(listings)).toBe("published");
  }
  return ids;
}

beforeAll(async () => {
  vinted = await startSandboxFlow();
  woo = await startWooSandbox({ webhookRetryDelayMs: 100 });
  seller = await vinted.connectSeller("lea_fr", "www.vinted.fr");
  const connected = await wooFlowOn(woo, vinted.engine, vinted.shop).connect();
  sourceId = connected.sourceId;
}, 60_000);

afterAll(async () => {
  await vinted?.close();
  await woo?.close();
});

describe("stock in sync between the shop and the marketplaces", () => {
  it("delists the item on Vinted when the shop takes an order (webhook)", async () => {
    const product = shopProduct("Jean Levi's 501 bleu brut");
    const [id] = await importAndPublish([product.id]);
    const [listing] = await vinted.listingsOf(id as string);
    expect((await vinted.sandboxItems(seller.user)).map((i) => String(i.id))).toContain(
      listing?.externalId,
    );

    woo.state.createOrder([{ product_id: product.id, quantity: 1 }]);
    const after = await until(
      () => vinted.listingsOf(id as string),
      (ls) => ls[0]?.state === "delisted",
      30_000,
    );
    expect(after[0]?.state).toBe("delisted");
    const items = await vinted.sandboxItems(seller.user);
    expect(items.map((i) => String(i.id))).not.toContain(listing?.externalId);
  }, 60_000);

  it("delists at the next sync when the order's webhook never comes", async () => {
    const product = shopProduct("Jean Levi's 501 noir");
    const [id] = await importAndPublish([product.id]);
    woo.webhooks.hold = true; // deliveries lost
    woo.state.createOrder([{ product_id: product.id, quantity: 1 }]);
    const boss = vinted.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    expect(await sweepSourceSyncs(boss, vinted.engine.ctx.database.db)).toBe(1);
    const after = await until(
      () => vinted.listingsOf(id as string),
      (ls) => ls[0]?.state === "delisted",
      30_000,
    );
    expect(after[0]?.state).toBe("delisted");
    woo.webhooks.hold = false;
  }, 60_000);

  it("delists the item on Vinted when the product is deleted in the shop", async () => {
    const product = shopProduct("Jean Levi's 501 délavé");
    const [id] = await importAndPublish([product.id]);
    woo.state.deleteProduct(product.id);
    const after = await until(
      () => vinted.listingsOf(id as string),
      (ls) => ls[0]?.state === "delisted",
      30_000,
    );
    expect(after[0]?.state).toBe("delisted");
  }, 60_000);

  it("takes the shop's stock down when the item sells on Vinted", async () => {
    const product = shopProduct("Jean Levi's 501 gris");
    const [id] = await importAndPublish([product.id]);
    const [listing] = await vinted.listingsOf(id as string);
    await vinted.control("POST", `/items/${listing?.externalId}/sell`);
    const boss = vinted.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, vinted.engine.ctx.database.db);
    await until(
      () => vinted.listingsOf(id as string),
      (ls) => ls[0]?.state === "sold",
      30_000,
    );
    const shop = await until(
      async () => woo.state.product(product.id),
      (p) => p?.stock_quantity === 0,
      30_000,
    );
    expect(shop).toMatchObject({
      stock_quantity: 0,
      stock_status: "outofstock",
      manage_stock: true,
    });
    const put = woo.requests.filter(
      (r) => r.method === "PUT" && r.route === `/wc/v3/products/${product.id}`,
    );
    expect(put.map((r) => r.status)).toEqual([200]);
  }, 60_000);

  it("takes one unit off the sold variant in the shop, once, when the write is retried", async () => {
    const fields = shopFields("Jean Levi's 501 brut, deux coloris");
    const colour = { id: 3, name: "Couleur" };
    const { product, variations } = woo.state.createVariableProduct(
      {
        ...fields,
        attributes: fields.attributes.map((a) =>
          a.id === colour.id ? { ...a, variation: true, options: ["bleu", "noir"] } : a,
        ),
      },
      [
        { attribute: colour, option: "bleu", stock: 2 },
        { attribute: colour, option: "noir", stock: 1 },
      ],
    );
    const [first] = variations;
    const [id] = await importAndPublish([product.id]);
    const [listing] = await vinted.listingsOf(id as string);
    // The shop refuses the variant's write long enough for the job itself to fail and retry.
    const route = `/wc/v3/products/${product.id}/variations/${first?.id}`;
    woo.faults.add({
      type: "server_error",
      count: 6,
      path: route,
      method: "PUT",
      status: 503,
      retryAfterSeconds: 0,
      delayMs: 0,
    });
    // A plan from a sale long past: the next plan made takes it away.
    const schema = `tenant_${vinted.shop.tenantId}`;
    await vinted.engine.database.pool.query(
      `INSERT INTO ${schema}.stock_writebacks (listing_id, sold_at, source_id, writes, created_at)
       VALUES ($1, now() - interval '8 days', $2, '[]', now() - interval '8 days')`,
      [listing?.id, sourceId],
    );
    await vinted.control("POST", `/items/${listing?.externalId}/sell`);
    const boss = vinted.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, vinted.engine.ctx.database.db);
    const writes = () => woo.requests.filter((r) => r.method === "PUT" && r.route === route);
    await until(
      async () => writes().map((r) => r.status),
      (statuses) => statuses.includes(200),
      60_000,
    );
    expect(writes().map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503, 200]);
    const shop = woo.state.variations(product.id) ?? [];
    expect(shop.map((v) => v.stock_quantity)).toEqual([1, 1]);
    const { rows } = await vinted.engine.database.pool.query(
      `SELECT v.quantity FROM tenant_${vinted.shop.tenantId}.product_variants v
        WHERE v.product_id = $1 ORDER BY v.position`,
      [id],
    );
    expect(rows.map((r) => r.quantity)).toEqual([1, 1]);
    const plans = await vinted.engine.database.pool.query(
      `SELECT count(*) FILTER (WHERE created_at < now() - interval '7 days')::int AS old,
              count(*) FILTER (WHERE listing_id = $1)::int AS this_sale
         FROM ${schema}.stock_writebacks`,
      [listing?.id],
    );
    expect(plans.rows).toEqual([{ old: 0, this_sale: 1 }]);
  }, 90_000);
});
