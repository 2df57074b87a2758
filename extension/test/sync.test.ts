// Session sync and relay against a real engine (its pipeline running) and the Vinted
// sandbox over HTTP, with in-memory storage and badge in place of the browser's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSalesPolls } from "../../engine/src/pipeline/poll-sales.ts";
import { request } from "../../engine/test/support/engine.ts";
import {
  type SandboxFlow,
  type Seller,
  startSandboxFlow,
  until,
} from "../../engine/test/support/sandbox-flow.ts";
import { SessionSync } from "../src/background/sync.ts";
import { relayTick } from "../src/relay/relay.ts";
import { BadgeRecorder, MemoryStore, SandboxBrowser } from "./support/memory.ts";

describe("keeping the engine's session fresh, and relaying", () => {
  let flow: SandboxFlow;
  let store: MemoryStore;
  let badge: BadgeRecorder;
  let browser: SandboxBrowser;
  let sync: SessionSync;
  let uploads: number;
  let lea: { id: number };
  let productId: string;

  /** Every PUT of a session the extension makes, counted. */
  const countingFetch: typeof fetch = (input, init) => {
    if (init?.method === "PUT" && String(input).endsWith("/channels/vinted/session")) uploads++;
    return fetch(input, init);
  };
  const accounts = async () =>
    (
      await request(flow.engine, "GET", "/api/v1/channel-accounts", {
        token: flow.shop.accessToken,
      })
    ).body.channelAccounts;

  beforeAll(async () => {
    flow = await startSandboxFlow();
    store = new MemoryStore();
    badge = new BadgeRecorder();
    browser = new SandboxBrowser(flow.sandbox.baseUrlFor);
    uploads = 0;
    sync = new SessionSync({
      store,
      capture: browser,
      badge,
      fetchEngine: countingFetch,
      debounceMs: 50,
    });
    await store.write({
      pairing: {
        engineUrl: flow.engine.url,
        deviceId: "d",
        deviceToken: flow.deviceToken,
        pairedAt: "",
      },
    });
    const made = await flow.control("POST", "/users", {
      login: "lea_sync",
      domain: "www.vinted.fr",
    });
    lea = made.user;
    browser.jar.set("www.vinted.fr", made.session.cookies);
  });
  afterAll(() => flow.close());

  it("sends every logged-in site at start, and shows a green badge", async () => {
    await sync.syncAll(true);
    expect(uploads).toBe(1);
    expect(badge.last).toBe("connected");
    const [account] = await accounts();
    expect(account).toMatchObject({
      domain: "www.vinted.fr",
      username: "lea_sync",
      status: "connected",
    });
    const { sites } = await store.read();
    expect(sites["www.vinted.fr"]).toMatchObject({ ok: true, username: "lea_sync", error: null });
  });

  it("does not send an unchanged session again, and sends a changed one once per burst", async () => {
    await sync.syncAll();
    expect(uploads).toBe(1);
    // A refresh rewrites several cookies in a row: one upload after the burst.
    const { session } = await flow.control("POST", `/users/${lea.id}/sessions`);
    for (const [name, value] of Object.entries(session.cookies as Record<string, string>)) {
      browser.jar.set("www.vinted.fr", { ...browser.jar.get("www.vinted.fr"), [name]: value });
      sync.schedule("www.vinted.fr");
    }
    await until(
      async () => uploads,
      (n) => n === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uploads).toBe(2);
  });

  it("turns red when the engine's session stops working, without sending a dead one", async () => {
    await flow.control("POST", `/users/${lea.id}/expire-sessions`);
    await flow.engine.database.pool.query(
      `UPDATE tenant_${flow.shop.tenantId}.channel_accounts SET status = 'reconnect_needed'`,
    );
    await sync.syncAll(true);
    expect(uploads).toBe(2); // logged out on Vinted: nothing to send
    expect(badge.last).toBe("broken");
    expect((await store.read()).sites["www.vinted.fr"]).toBeUndefined();
  });

  it("performs a blocked account's queued publish from the browser, paced by the engine", async () => {
    const { session } = await flow.control("POST", `/users/${lea.id}/sessions`);
    browser.jar.set("www.vinted.fr", session.cookies);
    await sync.syncAll(true);
    expect(badge.last).toBe("connected");
    const [account] = await accounts();
    const relay = await request(
      flow.engine,
      "PUT",
      `/api/v1/channel-accounts/${account.id}/relay`,
      {
        token: flow.shop.accessToken,
        body: { enabled: true },
      },
    );
    expect(relay.status).toBe(200);
    const product = await flow.mappedProduct("Robe portefeuille en lin");
    productId = product.id;
    expect((await flow.publish(product.id, account.id)).status).toBe(202);

    expect(await relayTick(store, browser)).toBe(1);
    const items = await flow.sandboxItems(lea as Seller["user"]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: "Robe portefeuille en lin", price: "25.00" });
    expect(items[0]?.photoIds).toHaveLength(1);
    const [listing] = await flow.listingsOf(product.id);
    expect(listing).toMatchObject({ state: "published", externalId: String(items[0]?.id) });
    // Nothing left: the next round performs nothing.
    expect(await relayTick(store, browser)).toBe(0);
  });

  it("polls the blocked account's sales from the browser: a sale on Vinted delists it everywhere", async () => {
    const [account] = await accounts();
    const product = await flow.mappedProduct("Jupe plissée Levi's");
    expect((await flow.publish(product.id, account.id)).status).toBe(202);
    expect(await relayTick(store, browser)).toBe(1);
    const [listing] = await flow.listingsOf(product.id);
    expect(listing?.state).toBe("published");

    await flow.control("POST", `/items/${listing?.externalId}/sell`);
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, flow.engine.ctx.database.db);
    // A worker leaves the poll to the browser; the next round reads the wardrobe and reports.
    let pages = 0;
    const after = await until(
      async () => {
        pages += await relayTick(store, browser);
        return flow.listingsOf(product.id);
      },
      (ls) => ls[0]?.state === "sold",
    );
    expect(after[0]?.state).toBe("sold");
    expect(pages).toBe(1); // one wardrobe page holds every watched item
    const stored = await request(flow.engine, "GET", `/api/v1/products/${product.id}`, {
      token: flow.shop.accessToken,
    });
    expect(stored.body.quantity).toBe(0);
    // The other listing, not sold, stays; the poll is over: the next round does nothing.
    expect((await flow.listingsOf(productId))[0]?.state).toBe("published");
    expect(await relayTick(store, browser)).toBe(0);
  });

  it("delists through the relay too, and reports Vinted's refusals", async () => {
    const [listing] = await flow.listingsOf(productId);
    const delist = await request(flow.engine, "POST", `/api/v1/listings/${listing?.id}/delist`, {
      token: flow.shop.accessToken,
    });
    expect(delist.status, JSON.stringify(delist.body)).toBe(202);
    await flow.control("POST", "/faults", { type: "blocked", path: "/api/v2/items", count: 1 });
    expect(await relayTick(store, browser)).toBe(1);
    const [account] = await accounts();
    expect(account).toMatchObject({ status: "paused", relayMode: true });
    const [still] = await flow.listingsOf(productId);
    expect(still?.state).toBe("delisting");
    expect((await flow.sandboxItems(lea as Seller["user"]))[0]?.isClosed).toBe(false);
  });

  it("forgets the pairing and turns grey on disconnect; the token stops working", async () => {
    await sync.unpair();
    expect((await store.read()).pairing).toBeUndefined();
    expect(badge.last).toBe("unpaired");
    const status = await request(flow.engine, "GET", "/api/v1/channels/vinted/session", {
      token: flow.deviceToken,
    });
    expect(status.status).toBe(401);
  });
});
