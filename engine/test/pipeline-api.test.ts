import { withTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChannelSession } from "../src/channel-accounts/session.ts";
import { markSold } from "../src/listings/sold.ts";
import { startPublishing } from "../src/pipeline/pipeline.ts";
import { channelRegistry } from "../src/pipeline/ports.ts";
import { STOCK_CHANGED_QUEUE } from "../src/pipeline/queues.ts";
import { connectVinted, vintedSession } from "./support/channels.ts";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { buildPayload, channelError, fakeChannel } from "./support/pipeline.ts";
import { createProduct } from "./support/products.ts";

let engine: TestEngine;
let shop: SignedUp;
let accountId: string;
let failing = false;
const fake = fakeChannel((call) => {
  if (failing && call === "publish")
    throw channelError("Vinted answered 503.", {
      kind: "retryable",
      reason: "server",
      status: 503,
    });
});

beforeAll(async () => {
  engine = await startTestEngine();
  engine.ctx.publishing = await startPublishing(
    engine.ctx,
    {
      channels: channelRegistry([fake.channel]),
      sessions: (tenantId, id) => loadChannelSession(engine.ctx, tenantId, id),
      payloads: buildPayload,
      settings: {
        minGapSeconds: 0,
        maxGapSeconds: 0,
        retryDelaySeconds: 1,
        retryDelayMaxSeconds: 2,
        pollingIntervalSeconds: 0.5,
      },
    },
    { workers: true },
  );
  shop = await signUp(engine, "Pipeline shop");
  accountId = (await connectVinted(engine, shop, vintedSession())).account.id;
}, 60_000);
afterAll(async () => {
  await engine.ctx.publishing?.stop(5_000);
  await engine.close();
});

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const listing = (id: string) =>
  request(engine, "GET", `/api/v1/listings?productId=${id}`, { token: shop.accessToken }).then(
    (r) => r.body.items[0],
  );

describe("publication API", () => {
  it("queues a product, publishes it through the worker and streams the transitions", async () => {
    const product = await createProduct(engine, shop.accessToken, { title: "Veste en jean" });
    const controller = new AbortController();
    const stream = await fetch(`${engine.url}/api/v1/listings/events`, {
      headers: { authorization: `Bearer ${shop.accessToken}` },
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
    const res = await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: shop.accessToken,
      body: { platforms: ["vinted"] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.listings).toEqual([
      expect.objectContaining({ state: "queued", channelAccountId: accountId }),
    ]);
    const done = await until(
      () => listing(product.id),
      (l) => l.state === "published",
    );
    expect(done).toMatchObject({ state: "published", externalId: expect.any(String) });
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
    const res = await request(engine, "GET", "/api/v1/listings/events");
    expect(res.status).toBe(401);
  });

  it("queues one job per idempotency key", async () => {
    const product = await createProduct(engine, shop.accessToken, { title: "Pull marin" });
    const boss = engine.ctx.publishing?.pipeline.boss;
    const { sendAction } = await import("../src/pipeline/queues.ts");
    const job = {
      tenantId: shop.tenantId,
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
    // Publishing twice leaves one listing and one job.
    await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: shop.accessToken,
      body: { platforms: ["vinted"] },
    });
    const again = await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: shop.accessToken,
      body: { platforms: ["vinted"] },
    });
    expect(again.status).toBe(202);
    const l = await until(
      () => listing(product.id),
      (x) => x.state === "published",
    );
    const { rows } = await engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'listing.publish' AND singleton_key LIKE $1",
      [`${l.id}:%`],
    );
    expect(rows[0].n).toBe(1);
  }, 30_000);

  it("retries a retryable failure 3 times with backoff, then shows the error; retry queues it again", async () => {
    failing = true;
    const before = fake.calls.filter((c) => c === "publish").length;
    const product = await createProduct(engine, shop.accessToken, { title: "Robe fleurie" });
    await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: shop.accessToken,
      body: { platforms: ["vinted"] },
    });
    const failed = await until(
      () => listing(product.id),
      (l) => l.state === "error",
      40_000,
    );
    expect(failed).toMatchObject({
      state: "error",
      lastError: "Vinted answered 503.",
      attempts: 3,
    });
    expect(fake.calls.filter((c) => c === "publish").length - before).toBe(3);
    const dead = await engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'listing.dead' AND data->>'listingId' = $1",
      [failed.id],
    );
    expect(dead.rows[0].n).toBe(1);
    failing = false;
    const retried = await request(engine, "POST", `/api/v1/listings/${failed.id}/retry`, {
      token: shop.accessToken,
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.state).toBe("queued");
    expect(
      (
        await until(
          () => listing(product.id),
          (l) => l.state === "published",
        )
      ).state,
    ).toBe("published");
  }, 60_000);

  it("delists a published listing through the worker", async () => {
    const product = await createProduct(engine, shop.accessToken, { title: "Sac cuir" });
    await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: shop.accessToken,
      body: { platforms: ["vinted"] },
    });
    const published = await until(
      () => listing(product.id),
      (l) => l.state === "published",
    );
    const res = await request(engine, "POST", `/api/v1/listings/${published.id}/delist`, {
      token: shop.accessToken,
    });
    expect(res.status).toBe(202);
    expect(res.body.state).toBe("delisting");
    expect(
      (
        await until(
          () => listing(product.id),
          (l) => l.state === "delisted",
        )
      ).state,
    ).toBe("delisted");
    expect(fake.items.has(published.externalId)).toBe(false);
  }, 30_000);

  it("delists the product everywhere else when it sells, and tells the sources", async () => {
    const other = await connectVinted(
      engine,
      shop,
      vintedSession({ username: "second", userId: "987" }),
    );
    const product = await createProduct(engine, shop.accessToken, { title: "Bottes" });
    for (const id of [accountId, other.account.id]) {
      await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
        token: shop.accessToken,
        body: { platforms: ["vinted"], channelAccountId: id },
      });
    }
    const all = () =>
      request(engine, "GET", `/api/v1/listings?productId=${product.id}`, {
        token: shop.accessToken,
      }).then((r) => r.body.items as { id: string; state: string; channelAccountId: string }[]);
    const both = await until(
      all,
      (ls) => ls.length === 2 && ls.every((l) => l.state === "published"),
    );
    const sold = both.find((l) => l.channelAccountId === accountId) as { id: string };
    const publishing = engine.ctx.publishing;
    if (!publishing) throw new Error("no pipeline");
    await withTenant(engine.database.db, shop.tenantId, (tx) =>
      markSold(publishing.requester, tx, shop.tenantId, sold.id, { actor: "worker" }),
    );
    const after = await until(all, (ls) => ls.some((l) => l.state === "delisted"));
    expect(after.find((l) => l.id === sold.id)?.state).toBe("sold");
    expect(after.find((l) => l.id !== sold.id)?.state).toBe("delisted");
    const stock = await engine.database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'productId' = $2",
      [STOCK_CHANGED_QUEUE, product.id],
    );
    expect(stock.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({
        type: "product.stock_changed",
        quantity: 0,
        tenantId: shop.tenantId,
      }),
    ]);
  }, 40_000);
});
