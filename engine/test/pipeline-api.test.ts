// The publication API over real HTTP, its pipeline wired from the config to the Vinted sandbox
// (STOFLOW_VINTED_URL): publish with live progress, one job per idempotency key, retries and
// the dead-letter queue through sandbox faults, delist, and a sale delisting elsewhere.
import { withTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markSold } from "../src/listings/sold.ts";
import { STOCK_CHANGED_QUEUE } from "../src/pipeline/queues.ts";
import { request } from "./support/engine.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";

let flow: SandboxFlow;
let seller: Seller;

beforeAll(async () => {
  flow = await startSandboxFlow({}, "Pipeline shop");
  seller = await flow.connectSeller("pipeline_shop");
}, 60_000);
afterAll(async () => {
  await flow?.close();
});

const ITEMS = "/api/v2/item_upload/items";

const listing = async (productId: string) => (await flow.listingsOf(productId))[0];

/** Item creations the sandbox has answered or refused since it started. */
const itemPosts = async () => {
  const { requests } = (await flow.control("GET", "/requests")) as {
    requests: { method: string; path: string }[];
  };
  return requests.filter((r) => r.method === "POST" && r.path === ITEMS).length;
};

describe("publication API", () => {
  it("queues a product, publishes it through the worker and streams the transitions", async () => {
    const product = await flow.mappedProduct("Veste en jean Levi's");
    const controller = new AbortController();
    const stream = await fetch(`${flow.engine.url}/api/v1/listings/events`, {
      headers: { authorization: `Bearer ${flow.shop.accessToken}` },
      signal: controller.signal,
    });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    const res = await flow.publish(product.id);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.listings).toEqual([
      expect.objectContaining({ state: "queued", channelAccountId: seller.accountId }),
    ]);
    const done = await until(
      () => listing(product.id),
      (l) => l?.state === "published",
    );
    expect(done).toMatchObject({ state: "published", externalId: expect.any(String) });
    const items = await flow.sandboxItems(seller.user);
    expect(items.find((i) => i.id === Number(done?.externalId))).toMatchObject({
      title: "Veste en jean Levi's",
      price: "25.00",
    });
    await until(
      async () => text,
      (t) => t.includes('"to":"published"'),
      5_000,
    );
    controller.abort();
    await reading;
    expect(text).toContain(": connected");
    expect(text).toMatch(/event: listing\nid: .+\ndata: .*"to":"queued"/);
    expect(text).toContain('"to":"publishing"');
    expect(text).toContain('"to":"published"');
  }, 30_000);

  it("refuses the event stream without a token", async () => {
    const res = await request(flow.engine, "GET", "/api/v1/listings/events");
    expect(res.status).toBe(401);
  });

  it("queues one job per idempotency key", async () => {
    const product = await flow.mappedProduct("Pull marin Levi's");
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    const { sendAction } = await import("../src/pipeline/queues.ts");
    const job = {
      tenantId: flow.shop.tenantId,
      listingId: crypto.randomUUID(),
      action: "publish" as const,
      revision: 1,
    };
    const first = await sendAction(boss as never, job, {
      startAfter: new Date(Date.now() + 3_600_000),
    });
    const second = await sendAction(boss as never, job, {
      startAfter: new Date(Date.now() + 3_600_000),
    });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    // Publishing twice leaves one listing, one job and one item on the marketplace.
    await flow.publish(product.id);
    const again = await flow.publish(product.id);
    expect(again.status).toBe(202);
    const l = await until(
      () => listing(product.id),
      (x) => x?.state === "published",
    );
    const { rows } = await flow.engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'listing.publish' AND singleton_key LIKE $1",
      [`${l?.id}:%`],
    );
    expect(rows[0].n).toBe(1);
    const items = await flow.sandboxItems(seller.user);
    expect(items.filter((i) => i.title === "Pull marin Levi's")).toHaveLength(1);
  }, 30_000);

  it("retries a retryable failure 3 times with backoff, then shows the error; retry queues it again", async () => {
    // The sandbox answers the next three item creations with a 503.
    await flow.control("POST", "/faults", {
      type: "server_error",
      status: 503,
      path: ITEMS,
      method: "POST",
      count: 3,
    });
    const before = await itemPosts();
    const product = await flow.mappedProduct("Robe fleurie Levi's");
    await flow.publish(product.id);
    const failed = await until(
      () => listing(product.id),
      (l) => l?.state === "error",
      40_000,
    );
    expect(failed).toMatchObject({ state: "error", lastErrorKind: "server", attempts: 3 });
    expect(failed?.lastError).toMatch(/503/);
    expect((await itemPosts()) - before).toBe(3);
    const dead = await flow.engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'listing.dead' AND data->>'listingId' = $1",
      [failed?.id],
    );
    expect(dead.rows[0].n).toBe(1);
    expect((await flow.sandboxItems(seller.user)).map((i) => i.title)).not.toContain(
      "Robe fleurie Levi's",
    );
    // The faults are used up: the retry goes through.
    const retried = await request(flow.engine, "POST", `/api/v1/listings/${failed?.id}/retry`, {
      token: flow.shop.accessToken,
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.state).toBe("queued");
    const published = await until(
      () => listing(product.id),
      (l) => l?.state === "published",
    );
    expect(published?.state).toBe("published");
    const items = await flow.sandboxItems(seller.user);
    expect(items.filter((i) => i.title === "Robe fleurie Levi's")).toHaveLength(1);
  }, 60_000);

  it("delists a published listing through the worker", async () => {
    const product = await flow.mappedProduct("Sac cuir Levi's");
    await flow.publish(product.id);
    const published = await until(
      () => listing(product.id),
      (l) => l?.state === "published",
    );
    const externalId = Number(published?.externalId);
    expect((await flow.sandboxItems(seller.user)).map((i) => i.id)).toContain(externalId);
    const res = await request(flow.engine, "POST", `/api/v1/listings/${published?.id}/delist`, {
      token: flow.shop.accessToken,
    });
    expect(res.status).toBe(202);
    expect(res.body.state).toBe("delisting");
    const delisted = await until(
      () => listing(product.id),
      (l) => l?.state === "delisted",
    );
    expect(delisted?.state).toBe("delisted");
    expect((await flow.sandboxItems(seller.user)).map((i) => i.id)).not.toContain(externalId);
  }, 30_000);

  it("delists the product everywhere else when it sells, and tells the sources", async () => {
    const other = await flow.connectSeller("pipeline_shop_de", "www.vinted.de");
    const product = await flow.mappedProduct("Bottes Levi's");
    for (const id of [seller.accountId, other.accountId]) {
      expect((await flow.publish(product.id, id)).status).toBe(202);
    }
    const both = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls.length === 2 && ls.every((l) => l.state === "published"),
    );
    const sold = both.find((l) => l.channelAccountId === seller.accountId) as { id: string };
    expect(await flow.sandboxItems(other.user)).toHaveLength(1);
    const publishing = flow.engine.ctx.publishing;
    if (!publishing) throw new Error("no pipeline");
    await withTenant(flow.engine.database.db, flow.shop.tenantId, (tx) =>
      markSold(publishing.requester, tx, flow.shop.tenantId, sold.id, { actor: "worker" }),
    );
    const after = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls.some((l) => l.state === "delisted"),
    );
    expect(after.find((l) => l.id === sold.id)?.state).toBe("sold");
    expect(after.find((l) => l.id !== sold.id)?.state).toBe("delisted");
    expect(await flow.sandboxItems(other.user)).toEqual([]);
    const stock = await flow.engine.database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'productId' = $2",
      [STOCK_CHANGED_QUEUE, product.id],
    );
    expect(stock.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({
        type: "product.stock_changed",
        quantity: 0,
        tenantId: flow.shop.tenantId,
      }),
    ]);
  }, 40_000);
});
