// Product edits reach the marketplaces, over real HTTP against the Vinted sandbox: a change a
// listing shows queues listing.update (published -> updating -> published), quick edits end
// with the latest values, and an edit the lint refuses leaves the item live with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendAction } from "../src/pipeline/queues.ts";
import { request } from "./support/engine.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";

let flow: SandboxFlow;
let seller: Seller;

beforeAll(async () => {
  flow = await startSandboxFlow();
  seller = await flow.connectSeller("lea_updates");
}, 60_000);

afterAll(async () => {
  await flow?.close();
});

const patch = (productId: string, body: Record<string, unknown>) =>
  request(flow.engine, "PATCH", `/api/v1/products/${productId}`, {
    token: flow.shop.accessToken,
    body,
  });

const revisionOf = async (productId: string): Promise<number> => {
  const { rows } = await flow.engine.database.pool.query(
    `SELECT revision FROM tenant_${flow.shop.tenantId}.products WHERE id = $1`,
    [productId],
  );
  return rows[0].revision;
};

/** Publishes a mapped product and waits for it to be live; returns the listing. */
async function published(title: string, fields: Record<string, unknown> = {}) {
  const product = await flow.mappedProduct(title, fields);
  const res = await flow.publish(product.id, seller.accountId);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const [listing] = await until(
    () => flow.listingsOf(product.id),
    (ls) => ls[0]?.state === "published",
  );
  expect(listing?.state).toBe("published");
  return { product, listing: listing as NonNullable<typeof listing> };
}

const itemOf = async (externalId: string) =>
  (await flow.sandboxItems(seller.user)).find((i) => i.id === Number(externalId));

/** Waits until the listing shows the product's current revision. */
const caughtUp = async (productId: string) => {
  const revision = await revisionOf(productId);
  const [listing] = await until(
    () => flow.listingsOf(productId),
    (ls) => ls[0]?.state === "published" && ls[0]?.publishedRevision === revision,
  );
  return { listing, revision };
};

describe("product edits reach the marketplaces", () => {
  it("updates the sandbox item after a PATCH of price and title, with the events", async () => {
    const { product, listing } = await published("Jean Levi's 501 bleu brut");
    const res = await patch(product.id, { price: 32.5, title: "Jean Levi's 501 bleu délavé" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { listing: after, revision } = await caughtUp(product.id);
    expect(after).toMatchObject({
      state: "published",
      publishedRevision: revision,
      price: "32.50",
      lastError: null,
      externalId: listing.externalId,
    });
    expect(await itemOf(listing.externalId)).toMatchObject({
      title: "Jean Levi's 501 bleu délavé",
      price: "32.50",
      isClosed: false,
    });
    expect(await flow.sandboxItems(seller.user)).toHaveLength(1); // updated, not published again
    const { rows } = await flow.engine.database.pool.query(
      `SELECT action, from_state, to_state, outcome, idempotency_key
         FROM tenant_${flow.shop.tenantId}.publication_events
        WHERE listing_id = $1 AND action = 'update' ORDER BY id`,
      [listing.id],
    );
    const key = `${listing.id}:update:${revision}`;
    expect(rows).toEqual([
      {
        action: "update",
        from_state: "published",
        to_state: "updating",
        outcome: "started",
        idempotency_key: key,
      },
      {
        action: "update",
        from_state: "updating",
        to_state: "published",
        outcome: "ok",
        idempotency_key: key,
      },
    ]);
  }, 60_000);

  it("ends with the latest values after two quick PATCHes", async () => {
    const { product, listing } = await published("Veste en jean Levi's");
    expect(
      (await patch(product.id, { price: 40, title: "Veste en jean Levi's trucker" })).status,
    ).toBe(200);
    expect(
      (await patch(product.id, { price: 42, title: "Veste en jean Levi's type III" })).status,
    ).toBe(200);
    const { listing: after, revision } = await caughtUp(product.id);
    expect(after).toMatchObject({
      state: "published",
      publishedRevision: revision,
      price: "42.00",
    });
    expect(await itemOf(listing.externalId)).toMatchObject({
      title: "Veste en jean Levi's type III",
      price: "42.00",
    });
  }, 60_000);

  it("runs an update job only for the latest revision, never for one already shown", async () => {
    const { product, listing } = await published("Chemise Levi's western");
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    const shown = (await caughtUp(product.id)).revision;
    // Two changes no listing shows: new revisions, no jobs.
    expect((await patch(product.id, { quantity: 2 })).status).toBe(200);
    expect((await patch(product.id, { quantity: 3 })).status).toBe(200);
    const latest = await revisionOf(product.id);
    expect(latest).toBe(shown + 2);
    const job = (revision: number) => ({
      tenantId: flow.shop.tenantId,
      listingId: listing.id,
      action: "update" as const,
      revision,
    });
    await sendAction(boss, job(latest), { startAfter: new Date(Date.now() + 3_600_000) });
    await sendAction(boss, job(latest - 1)); // superseded by the waiting one
    await sendAction(boss, job(shown)); // already on the marketplace
    const outcome = async (revision: number) => {
      const { rows } = await flow.engine.database.pool.query(
        "SELECT output FROM pgboss.job WHERE name = 'listing.update' AND singleton_key = $1 AND state = 'completed'",
        [`${listing.id}:update:${revision}`],
      );
      return rows[0]?.output?.outcome as string | undefined;
    };
    for (const revision of [latest - 1, shown]) {
      expect(
        await until(
          () => outcome(revision),
          (o) => o !== undefined,
        ),
      ).toBe("stale");
    }
    const { rows } = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n FROM tenant_${flow.shop.tenantId}.publication_events
        WHERE listing_id = $1 AND action = 'update'`,
      [listing.id],
    );
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it("does nothing on the marketplace for a change no listing shows", async () => {
    const { product, listing } = await published("Jean Levi's 505 noir");
    expect((await patch(product.id, { quantity: 3, material: "coton" })).status).toBe(200);
    expect((await patch(product.id, { price: 25 })).status).toBe(200); // the same price
    const { rows } = await flow.engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'listing.update' AND data->>'listingId' = $1",
      [listing.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it("keeps the listing live with the lint's reason when an edit is refused, then applies the fix", async () => {
    const { product, listing } = await published("Jean Levi's 511 slim");
    expect((await patch(product.id, { title: "Jean Levi's 511, aussi sur ebay" })).status).toBe(
      200,
    );
    const [blocked] = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls[0]?.lastErrorKind === "lint",
    );
    expect(blocked).toMatchObject({ state: "published", lastErrorKind: "lint" });
    expect(blocked?.lastError).toMatch(/\w/);
    expect((await itemOf(listing.externalId))?.title).toBe("Jean Levi's 511 slim");

    expect((await patch(product.id, { title: "Jean Levi's 511 slim brut" })).status).toBe(200);
    const { listing: fixed } = await caughtUp(product.id);
    expect(fixed).toMatchObject({ state: "published", lastError: null, lastErrorKind: null });
    expect((await itemOf(listing.externalId))?.title).toBe("Jean Levi's 511 slim brut");
  }, 60_000);

  it("follows a bulk price change and a CSV import", async () => {
    const { product, listing } = await published("Jean Levi's 514", { sku: "LEVIS-514" });
    const bulk = await request(flow.engine, "POST", "/api/v1/products/bulk", {
      token: flow.shop.accessToken,
      body: { action: "setPrice", ids: [product.id], price: 19.9 },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    await caughtUp(product.id);
    expect((await itemOf(listing.externalId))?.price).toBe("19.90");

    const imported = await request(flow.engine, "POST", "/api/v1/products/import", {
      token: flow.shop.accessToken,
      rawBody: "sku,title,price\nLEVIS-514,Jean Levi's 514 droit,21\n",
      headers: { "content-type": "text/csv" },
    });
    expect(imported.body).toMatchObject({ updated: 1, failed: 0 });
    await caughtUp(product.id);
    expect(await itemOf(listing.externalId)).toMatchObject({
      title: "Jean Levi's 514 droit",
      price: "21.00",
    });
  }, 60_000);
});
