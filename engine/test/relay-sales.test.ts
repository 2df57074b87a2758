// Sales detection for an account in relay mode: its sales poll goes through the seller's
// browser, page by page, paced with the account's budget, and a sale read there delists the
// product everywhere, as a worker's poll would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wardrobeItemState, wardrobePagePath } from "../src/channels/vinted/wardrobe-page.ts";
import { sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import { POLL_SALES_QUEUE } from "../src/pipeline/queues.ts";
import type { SandboxItem } from "../src/sandbox/vinted/state.ts";
import { pairDevice } from "./support/channels.ts";
import { request, type SignedUp, signUp } from "./support/engine.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";
import { rawClient } from "./support/vinted-sandbox.ts";

type Wardrobe = {
  items: {
    id: number;
    is_closed: boolean;
    is_hidden: boolean;
    is_reserved: boolean;
    item_closing_action?: string | null;
  }[];
  pagination: { total_pages: number };
};

describe("sales polls of a relay account", () => {
  let flow: SandboxFlow;
  let relayed: Seller; // in relay mode: the server is blocked
  let direct: Seller; // polled and delisted by the workers
  let other: SignedUp;
  let otherDevice: string;
  let sold: {
    id: string;
    relayListing: string;
    directListing: string;
    item: string;
    directItem: string;
  };
  let kept: { id: string; item: string };
  let foreignItem: string; // an item of the other account
  let foreignListing: string;

  const device = (token = () => flow.deviceToken) => ({
    next: () =>
      request(flow.engine, "POST", "/api/v1/relay/actions/next", { token: token(), body: {} }),
    report: (id: string, body: unknown) =>
      request(flow.engine, "POST", `/api/v1/relay/polls/${encodeURIComponent(id)}/outcome`, {
        token: token(),
        body,
      }),
  });
  const browser = device();
  const sweep = async () => {
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, flow.engine.ctx.database.db);
  };
  /** The poll handed to the browser (a worker may hold the fresh job for a moment). */
  const handedPoll = async () => {
    const res = await until(
      () => browser.next(),
      (r) => r.body.action?.action === "poll-sales",
      10_000,
    );
    expect(res.body.action, JSON.stringify(res.body)).toMatchObject({ action: "poll-sales" });
    return res.body.action;
  };
  /** What the extension does with a handed page: read it with the seller's session. */
  const readPage = async (poll: { userId: string; page: number }) => {
    const { session } = await flow.control("POST", `/users/${relayed.user.id}/sessions`);
    const vinted = rawClient(flow.sandbox.baseUrlFor("www.vinted.fr"), session);
    const res = await vinted.get(wardrobePagePath(poll.userId, poll.page));
    expect(res.status).toBe(200);
    const page = (await res.json()) as Wardrobe;
    return {
      outcome: "read",
      items: page.items.map((i) => ({ id: String(i.id), state: wardrobeItemState(i) })),
      totalPages: page.pagination.total_pages,
    };
  };
  const listing = async (id: string) =>
    (
      await flow.engine.database.pool.query(
        `SELECT state FROM tenant_${flow.shop.tenantId}.listings WHERE id = $1`,
        [id],
      )
    ).rows[0]?.state;
  const waitingPolls = async () =>
    (
      await flow.engine.database.pool.query(
        `SELECT data FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')
          AND singleton_key = $2`,
        [POLL_SALES_QUEUE, `poll:${flow.shop.tenantId}:${relayed.accountId}`],
      )
    ).rows.map((r) => r.data);
  const published = async (productId: string, n: number) => {
    const ls = await until(
      () => flow.listingsOf(productId),
      (all) => all.filter((l) => l.state === "published").length === n,
    );
    expect(ls.map((l) => l.state)).toEqual(Array(n).fill("published"));
    return ls;
  };

  beforeAll(async () => {
    flow = await startSandboxFlow();
    relayed = await flow.connectSeller("lea_relay_sales");
    direct = await flow.connectSeller("lea_direct_sales", "www.vinted.de");
    other = await signUp(flow.engine, "Chez Marc");
    otherDevice = await pairDevice(flow.engine, other);

    // Published by the workers on both accounts, then the server is blocked for one of them.
    const product = await flow.mappedProduct("Jean Levi's 501 brut");
    expect((await flow.publish(product.id, relayed.accountId)).status).toBe(202);
    expect((await flow.publish(product.id, direct.accountId)).status).toBe(202);
    const both = await published(product.id, 2);
    const onRelay = both.find((l) => l.channelAccountId === relayed.accountId);
    const onDirect = both.find((l) => l.channelAccountId === direct.accountId);
    sold = {
      id: product.id,
      relayListing: onRelay?.id as string,
      directListing: onDirect?.id as string,
      item: onRelay?.externalId as string,
      directItem: onDirect?.externalId as string,
    };
    const other1 = await flow.mappedProduct("Veste en jean Levi's");
    expect((await flow.publish(other1.id, relayed.accountId)).status).toBe(202);
    const [keptListing] = await published(other1.id, 1);
    kept = { id: keptListing?.id as string, item: keptListing?.externalId as string };
    const other2 = await flow.mappedProduct("Chemise Levi's");
    expect((await flow.publish(other2.id, direct.accountId)).status).toBe(202);
    const [foreign] = await published(other2.id, 1);
    foreignItem = foreign?.externalId as string;
    foreignListing = foreign?.id as string;

    const relay = await request(
      flow.engine,
      "PUT",
      `/api/v1/channel-accounts/${relayed.accountId}/relay`,
      { token: flow.shop.accessToken, body: { enabled: true } },
    );
    expect(relay.body).toMatchObject({ relayMode: true });
  }, 60_000);
  afterAll(() => flow.close());

  it("hands the poll to the browser, and a sale read there delists the product everywhere", async () => {
    await flow.control("POST", `/items/${sold.item}/sell`);
    await sweep();
    // A worker leaves the relay account's poll waiting for the browser: no sale seen yet.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await listing(sold.relayListing)).toBe("published");
    expect(await waitingPolls()).toHaveLength(1);

    // Another shop's device is handed nothing and cannot report this poll.
    expect((await device(() => otherDevice).next()).body).toEqual({ action: null, retryAt: null });

    const poll = await handedPoll();
    expect(poll).toEqual({
      id: `poll-sales:${relayed.accountId}:1`,
      accountId: relayed.accountId,
      domain: "www.vinted.fr",
      action: "poll-sales",
      userId: String(relayed.user.id),
      page: 1,
      perPage: 96,
    });
    // Handed once: not again while the browser reads it.
    expect((await browser.next()).body.action).toBeNull();
    const page = await readPage(poll);
    expect(page.items).toContainEqual({ id: sold.item, state: "sold" });

    const foreign = await device(() => otherDevice).report(poll.id, page);
    expect(foreign.status).toBe(404);
    const applied = await browser.report(poll.id, page);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ sold: 1, done: true });

    expect(await listing(sold.relayListing)).toBe("sold");
    expect(await listing(kept.id)).toBe("published");
    const product = await request(flow.engine, "GET", `/api/v1/products/${sold.id}`, {
      token: flow.shop.accessToken,
    });
    expect(product.body.quantity).toBe(0);
    // The other account's listing is delisted by the workers, on Vinted too.
    expect(
      await until(
        () => listing(sold.directListing),
        (s) => s === "delisted",
      ),
    ).toBe("delisted");
    const onDirect = await flow.sandboxItems(direct.user);
    expect(onDirect.map((i) => String(i.id))).not.toContain(sold.directItem);
    const history = await flow.engine.database.pool.query(
      `SELECT action, actor, to_state FROM tenant_${flow.shop.tenantId}.publication_events
        WHERE listing_id = $1 ORDER BY id DESC LIMIT 1`,
      [sold.relayListing],
    );
    expect(history.rows[0]).toMatchObject({ action: "sold", to_state: "sold" });
    expect(history.rows[0].actor).toMatch(/^device:/);
    const stock = await flow.engine.database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = 'product.stock_changed' AND data->>'productId' = $1",
      [sold.id],
    );
    expect(stock.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({ quantity: 0, listingId: sold.relayListing }),
    ]);
    const slots = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n FROM tenant_${flow.shop.tenantId}.pacing_slots
        WHERE action = 'poll' AND channel_account_id = $1 AND NOT reserved`,
      [relayed.accountId],
    );
    expect(slots.rows[0].n).toBe(1);
    const seen = await flow.engine.database.pool.query(
      `SELECT last_seen_at FROM tenant_${flow.shop.tenantId}.channel_accounts WHERE id = $1`,
      [relayed.accountId],
    );
    expect(Date.now() - seen.rows[0].last_seen_at.getTime()).toBeLessThan(60_000);

    // The poll is over: reported once, a second report is stale; nothing else waits.
    expect(await waitingPolls()).toHaveLength(0);
    expect((await browser.report(poll.id, page)).status).toBe(409);
    expect((await browser.next()).body).toEqual({ action: null, retryAt: null });
  }, 60_000);

  it("resumes on the next page until every watched item is seen, and ignores items not the account's", async () => {
    await sweep();
    const first = await handedPoll();
    expect(first.page).toBe(1);
    // A forged page: another account's item and an unknown one, both "sold", and more pages.
    const forged = await browser.report(first.id, {
      outcome: "read",
      items: [
        { id: foreignItem, state: "sold" },
        { id: "99999999", state: "sold" },
      ],
      totalPages: 2,
    });
    expect(forged.body).toEqual({ sold: 0, done: false });
    const soldNow = await flow.engine.database.pool.query(
      `SELECT id FROM tenant_${flow.shop.tenantId}.listings WHERE state = 'sold'`,
    );
    expect(soldNow.rows.map((r) => r.id)).toEqual([sold.relayListing]); // the one sale above
    expect(await listing(foreignListing)).toBe("published");
    expect(await waitingPolls()).toEqual([
      expect.objectContaining({ cursor: { page: 2, unseen: [kept.item] } }),
    ]);

    const second = await handedPoll();
    expect(second).toMatchObject({ id: `poll-sales:${relayed.accountId}:2`, page: 2 });
    const applied = await browser.report(second.id, {
      outcome: "read",
      items: [{ id: kept.item, state: "active" }],
      totalPages: 3,
    });
    // Every watched item seen: the poll ends before the last page.
    expect(applied.body).toEqual({ sold: 0, done: true });
    expect(await listing(kept.id)).toBe("published");
    expect(await waitingPolls()).toHaveLength(0);
  }, 60_000);

  it("keeps the poll when Vinted refuses the browser, with the account handling of listing actions", async () => {
    await sweep();
    const poll = await handedPoll();
    const blocked = await browser.report(poll.id, {
      outcome: "blocked",
      message: "Vinted blocked this browser too (403).",
      status: 403,
    });
    expect(blocked.body).toEqual({ sold: 0, done: false });
    const accounts = await request(flow.engine, "GET", "/api/v1/channel-accounts", {
      token: flow.shop.accessToken,
    });
    expect(
      accounts.body.channelAccounts.find((a: { id: string }) => a.id === relayed.accountId),
    ).toMatchObject({ status: "paused", relayMode: true });
    // Kept, not leased: handed again once the pause is over, not before.
    expect(await waitingPolls()).toEqual([expect.objectContaining({ cursor: { page: 1 } })]);
    const paused = await browser.next();
    expect(paused.body.action).toBeNull();
    expect(Date.parse(paused.body.retryAt)).toBeGreaterThan(Date.now() + 1800 * 1000);
    await flow.engine.database.pool.query(
      `UPDATE tenant_${flow.shop.tenantId}.channel_accounts
          SET status = 'connected', paused_until = NULL, status_reason = NULL WHERE id = $1`,
      [relayed.accountId],
    );
    const again = await handedPoll();
    expect(again.id).toBe(poll.id);
    expect((await browser.report(again.id, await readPage(again))).body).toEqual({
      sold: 0,
      done: true,
    });
  }, 60_000);

  it("paces the browser's polls with the account's budget", async () => {
    const paced = await request(
      flow.engine,
      "PATCH",
      `/api/v1/channel-accounts/${relayed.accountId}`,
      { token: flow.shop.accessToken, body: { pacingMaxActions: 1, pacingWindowSeconds: 3600 } },
    );
    expect(paced.status).toBe(200);
    await sweep();
    await until(
      () => waitingPolls(),
      (jobs) => jobs.length === 1,
    );
    const refused = await until(
      () => browser.next(),
      (r) => r.body.retryAt !== null,
      10_000,
    );
    expect(refused.body.action).toBeNull();
    expect(Date.parse(refused.body.retryAt) - Date.now()).toBeGreaterThan(3000 * 1000);
    expect(await waitingPolls()).toHaveLength(1); // still due, booked for later
  }, 60_000);

  it("refuses bad reports with a problem, and unknown polls", async () => {
    const tooMany = await browser.report(`poll-sales:${relayed.accountId}:1`, {
      outcome: "read",
      items: Array.from({ length: 201 }, (_, i) => ({ id: String(i + 1), state: "active" })),
      totalPages: 1,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get("content-type")).toContain("application/problem+json");
    const badState = await browser.report(`poll-sales:${relayed.accountId}:1`, {
      outcome: "read",
      items: [{ id: "12", state: "gone" }],
      totalPages: 1,
    });
    expect(badState.status).toBe(400);
    expect(
      (await browser.report("nope", { outcome: "read", items: [], totalPages: 0 })).status,
    ).toBe(404);
    const unknown = await browser.report("poll-sales:6f1d3c1e-7a53-4f0e-8d7b-0a4b2b1c9e11:1", {
      outcome: "read",
      items: [],
      totalPages: 0,
    });
    expect(unknown.status).toBe(404);
    const anonymous = await request(
      flow.engine,
      "POST",
      `/api/v1/relay/polls/poll-sales:${relayed.accountId}:1/outcome`,
      { body: { outcome: "read", items: [], totalPages: 0 } },
    );
    expect(anonymous.status).toBe(401);
  });

  it("reads a wardrobe of several pages in turns, one slot each, and finds the sale on page 2", async () => {
    // The budget back (the pacing test above spent it).
    await request(flow.engine, "PATCH", `/api/v1/channel-accounts/${relayed.accountId}`, {
      token: flow.shop.accessToken,
      body: { pacingMaxActions: 40, pacingWindowSeconds: 7200 },
    });
    await flow.engine.database.pool.query(`DELETE FROM tenant_${flow.shop.tenantId}.pacing_slots`);
    // 100 newer items (the wardrobe lists newest first): the kept item moves to page 2.
    const [model] = await flow.sandboxItems(relayed.user);
    for (let i = 0; i < 100; i++) {
      const id = flow.sandbox.state.newItemId();
      flow.sandbox.state.items.set(id, { ...(model as SandboxItem), id, title: `Article ${i}` });
    }
    await flow.control("POST", `/items/${kept.item}/sell`);
    await sweep();
    const first = await handedPoll();
    const page1 = await readPage(first);
    expect(page1.totalPages).toBe(2);
    expect(page1.items.map((i) => i.id)).not.toContain(kept.item);
    expect((await browser.report(first.id, page1)).body).toEqual({ sold: 0, done: false });
    const second = await handedPoll();
    expect(second.page).toBe(2);
    expect((await browser.report(second.id, await readPage(second))).body).toEqual({
      sold: 1,
      done: true,
    });
    expect(await listing(kept.id)).toBe("sold");
  }, 60_000);
});
