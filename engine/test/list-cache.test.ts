import { type AddressInfo, Socket } from "node:net";
import { tenantSchema } from "@stoflow/db";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caches, startCaches } from "../src/cache/caches.ts";
import { createApp } from "../src/http/app.ts";
import { createHttpServer } from "../src/http/http-server.ts";
import { listProductsJson } from "../src/products/list.ts";
import { ListQuery } from "../src/products/list-query.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { addListing, createProduct } from "./support/products.ts";
import { createKey, join } from "./support/team.ts";

interface Page {
  items: { id: string; title: string; price: number; status: string; listings: unknown[] }[];
  total: number;
}

const MB = 2 ** 20;

/** A socket whose incoming data arrives 150 ms late, in order: notifications that dawdle. */
class SlowSocket extends Socket {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "data") return super.emit(event, ...args);
    setTimeout(() => super.emit(event, ...args), 150);
    return true;
  }
}

/** Another API process over the same database, with caches of its own. */
async function secondProcess(engine: TestEngine, options: { slow?: boolean } = {}) {
  const connection = { ...engine.database.pool.options };
  if (options.slow) Object.assign(connection, { stream: () => new SlowSocket() });
  const caches = await startCaches({ options: connection } as pg.Pool, 8 * MB, engine.ctx.log);
  const server = createHttpServer(createApp({ ...engine.ctx, caches }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caches,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await caches.close();
    },
  };
}
const until = async (check: () => Promise<boolean>, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("the product list cache (one process, and two over one database)", () => {
  let engine: TestEngine;
  let caches: Caches;
  let shop: SignedUp;
  let other: Awaited<ReturnType<typeof secondProcess>>;

  const list = async (query = "", on: { url: string } = engine, token = shop.accessToken) => {
    const res = await request(on, "GET", `/api/v1/products${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as Page;
  };
  /** Database connections taken while `fn` runs: a cached answer takes none. */
  const connectsDuring = async (fn: () => Promise<unknown>) => {
    const pool = engine.database.pool;
    const connect = pool.connect.bind(pool);
    let n = 0;
    pool.connect = (() => {
      n++;
      return connect();
    }) as typeof pool.connect;
    try {
      await fn();
    } finally {
      pool.connect = connect as typeof pool.connect;
    }
    return n;
  };
  const sql = (text: string, values: unknown[] = []) => engine.database.pool.query(text, values);
  const products = () => `"${tenantSchema(shop.tenantId)}".products`;

  beforeAll(async () => {
    engine = await startTestEngine();
    caches = engine.ctx.caches as Caches;
    shop = await signUp(engine, "Cache shop");
    await setPlan(engine, shop.tenantId, "business");
    for (let i = 0; i < 5; i++) await createProduct(engine, shop.accessToken, { price: 10 + i });
    other = await secondProcess(engine);
  });
  afterAll(async () => {
    await other?.close();
    await engine?.close();
  });

  it("answers a list asked before from memory: same bytes and headers, no database", async () => {
    const first = await request(engine, "GET", "/api/v1/products?sort=-price", {
      token: shop.accessToken,
    });
    let second: Awaited<ReturnType<typeof request>> | undefined;
    expect(
      await connectsDuring(async () => {
        second = await request(engine, "GET", "/api/v1/products?sort=-price", {
          token: shop.accessToken,
        });
      }),
    ).toBe(0);
    expect(second?.body).toEqual(first.body);
    for (const header of ["content-type", "content-length", "etag"]) {
      expect(second?.headers.get(header), header).toBe(first.headers.get(header));
    }
  });

  it("keeps refusing what it refused: bad queries and bad tokens are never answered from it", async () => {
    await list("?perPage=7");
    const bad = await request(engine, "GET", "/api/v1/products?perPage=0", {
      token: shop.accessToken,
    });
    expect(bad.status).toBe(400);
    const unsigned = await request(engine, "GET", "/api/v1/products?perPage=7", {
      token: `${shop.accessToken.slice(0, -4)}AAAA`,
    });
    expect(unsigned.status).toBe(401);
    const other = await signUp(engine, "Another shop");
    const theirs = await list("?perPage=7", engine, other.accessToken);
    expect(theirs.total).toBe(0); // same URL, another tenant: never this shop's answer
  });

  it("shows the caller's own writes on its very next read", async () => {
    const before = await list("?sort=-price&perPage=50");
    const top = before.items[0] as Page["items"][number];
    const patched = await request(engine, "PATCH", `/api/v1/products/${top.id}`, {
      token: shop.accessToken,
      body: { title: "Renamed at once" },
    });
    expect(patched.status).toBe(200);
    expect((await list("?sort=-price&perPage=50")).items[0]?.title).toBe("Renamed at once");

    const bulk = await request(engine, "POST", "/api/v1/products/bulk", {
      token: shop.accessToken,
      body: { action: "setStatus", ids: [top.id], status: "active" },
    });
    expect(bulk.status).toBe(200);
    expect((await list("?status=active")).total).toBe(1);

    const created = await createProduct(engine, shop.accessToken, { price: 999 });
    expect((await list("?sort=-price&perPage=50")).items[0]?.id).toBe(created.id);
    await request(engine, "DELETE", `/api/v1/products/${created.id}`, {
      token: shop.accessToken,
    });
    expect((await list("?sort=-price&perPage=50")).items[0]?.id).toBe(top.id);
  });

  it("answers its own writes fresh even when notifications are slow to arrive", async () => {
    const slow = await secondProcess(engine, { slow: true });
    try {
      const [first] = (await list("?sort=price&perPage=2", slow)).items;
      const patched = await request(slow, "PATCH", `/api/v1/products/${first?.id}`, {
        token: shop.accessToken,
        body: { title: "Slow news" },
      });
      expect(patched.status).toBe(200);
      // The write answered only once its notification was in: the next read is fresh.
      expect((await list("?sort=price&perPage=2", slow)).items[0]?.title).toBe("Slow news");

      const owner = await signUp(engine, "Slow team");
      await setPlan(engine, owner.tenantId, "business");
      const member = await join(engine, owner, "member");
      const asMember = () =>
        request(slow, "GET", "/api/v1/products", { token: member.accessToken });
      expect((await asMember()).status).toBe(200);
      expect((await asMember()).status).toBe(200); // membership now cached
      const removed = await request(slow, "DELETE", `/api/v1/members/${member.userId}`, {
        token: owner.accessToken,
      });
      expect(removed.status).toBe(204);
      expect((await asMember()).status).toBe(401);
    } finally {
      await slow.close();
    }
  });

  it("shows a write made elsewhere once its notification has arrived", async () => {
    const before = await list("?sort=price");
    const first = before.items[0] as Page["items"][number];
    // Straight to the database, as another process (a worker, psql) would.
    await sql(`UPDATE ${products()} SET title = 'Changed elsewhere' WHERE id = $1`, [first.id]);
    await caches.feed.barrier(); // every notification committed so far has been handled
    expect((await list("?sort=price")).items[0]?.title).toBe("Changed elsewhere");
    // Without waiting: fresh within the notification delay.
    await sql(`UPDATE ${products()} SET title = 'Changed again' WHERE id = $1`, [first.id]);
    await until(async () => (await list("?sort=price")).items[0]?.title === "Changed again");
    // Listings and images are read by the list too.
    await addListing(engine, shop.tenantId, first.id, "vinted", "published");
    expect((await list("?sort=price")).items[0]?.listings).toEqual([
      { platform: "vinted", state: "published" },
    ]);
  });

  it("lets two processes see each other's writes within the notification delay", async () => {
    const mine = await list("?sort=-createdAt", engine);
    const theirs = await list("?sort=-createdAt", other);
    expect(theirs).toEqual(mine);
    const created = await createProduct(engine, shop.accessToken, { title: "Seen by both" });
    await until(async () => (await list("?sort=-createdAt", other)).items[0]?.id === created.id);
    const patched = await request(other, "PATCH", `/api/v1/products/${created.id}`, {
      token: shop.accessToken,
      body: { price: 1 },
    });
    expect(patched.status).toBe(200);
    await until(async () => (await list("?sort=-createdAt", engine)).items[0]?.price === 1);
  });

  it("refuses a removed member at once, though their membership was cached", async () => {
    const owner = await signUp(engine, "Team shop");
    await setPlan(engine, owner.tenantId, "business");
    const member = await join(engine, owner, "member");
    expect(
      (await request(engine, "GET", "/api/v1/products", { token: member.accessToken })).status,
    ).toBe(200);
    expect(
      await connectsDuring(() =>
        request(engine, "GET", "/api/v1/products", { token: member.accessToken }),
      ),
    ).toBe(0);
    const removed = await request(engine, "DELETE", `/api/v1/members/${member.userId}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    const after = await request(engine, "GET", "/api/v1/products", { token: member.accessToken });
    expect(after.status).toBe(401);

    // A removal made elsewhere: refused once its notification has arrived.
    const second = await join(engine, owner, "member");
    expect(
      (await request(engine, "GET", "/api/v1/products", { token: second.accessToken })).status,
    ).toBe(200);
    await sql("DELETE FROM memberships WHERE user_id = $1", [second.userId]);
    await caches.feed.barrier();
    expect(
      (await request(engine, "GET", "/api/v1/products", { token: second.accessToken })).status,
    ).toBe(401);
  });

  it("checks API keys in full on every request, cached answer or not", async () => {
    const key = await createKey(engine, shop);
    const asKey = () => request(engine, "GET", "/api/v1/products?perPage=3", { token: key.key });
    expect((await asKey()).status).toBe(200);
    expect((await asKey()).status).toBe(200);
    const revoked = await request(engine, "DELETE", `/api/v1/api-keys/${key.id}`, {
      token: shop.accessToken,
    });
    expect(revoked.status).toBe(204);
    expect((await asKey()).status).toBe(401);
  });

  it("stops answering from memory while it cannot listen, and starts again flushed", async () => {
    await list("?sort=title");
    expect(caches.answers.size).toBeGreaterThan(0);
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = 'stoflow-changes' AND datname = current_database()`,
    );
    await until(async () => !caches.feed.live || caches.answers.size === 0);
    // Missed notifications cannot make it stale: it answers from the database meanwhile, and
    // whatever it held was dropped.
    const first = (await list("?sort=title")).items[0] as Page["items"][number];
    await sql(`UPDATE ${products()} SET title = 'AAA while deaf' WHERE id <> $1`, [first.id]);
    expect((await list("?sort=title")).items[0]?.title).toBe("AAA while deaf");
    await until(async () => caches.feed.live && other.caches.feed.live);
    expect((await list("?sort=title")).items[0]?.title).toBe("AAA while deaf");
    expect((await list("?sort=title", other)).items[0]?.title).toBe("AAA while deaf");
  });

  it("is announced a change of every table the list reads", async () => {
    const texts: string[] = [];
    const tx = {
      execute: async (query: { getSQL(): unknown }) => {
        const { sql: text } = new PgDialect().sqlToQuery(query.getSQL() as never);
        texts.push(text);
        return { rows: [{ body: "{}" }] };
      },
    };
    for (const query of [
      {},
      { status: "active" },
      { q: "jean" },
      { platform: "vinted", listingState: "published" },
    ]) {
      await listProductsJson(tx as never, ListQuery.parse(query));
    }
    const read = new Set(
      texts.flatMap((t) => [...t.matchAll(/\b(?:FROM|JOIN)\s+"?([a-z_]+)"?/gi)].map((m) => m[1])),
    );
    read.delete("page"); // the statement's own CTE
    const { rows } = await sql(
      `SELECT c.relname AS table FROM pg_trigger g
       JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_proc p ON p.oid = g.tgfoid
       WHERE n.nspname = $1 AND p.proname = 'notify_list_change'`,
      [tenantSchema(shop.tenantId)],
    );
    const announced = new Set(rows.map((r) => r.table as string));
    // product_counts is written by products' own triggers only, in the same statements.
    expect([...read].filter((t) => !announced.has(t as string) && t !== "product_counts")).toEqual(
      [],
    );
    expect([...announced].sort()).toEqual(["listings", "product_images", "products"]);
  });
});

describe("the product list without the cache (STOFLOW_LIST_CACHE_MB=0)", () => {
  it("answers from the database every time", async () => {
    const engine = await startTestEngine({ STOFLOW_LIST_CACHE_MB: "0" });
    try {
      expect(engine.ctx.caches).toBeUndefined();
      const shop = await signUp(engine, "Uncached");
      await createProduct(engine, shop.accessToken);
      const res = await request(engine, "GET", "/api/v1/products", { token: shop.accessToken });
      expect(res.body.total).toBe(1);
    } finally {
      await engine.close();
    }
  });
});
