// The whole flow over real HTTP, the engine's pipeline wired from its config to the Vinted
// sandbox: connect an account through a paired device, publish a mapped product with a photo,
// sell it on the sandbox, let the sales poll see it: sold, stock down, the other listing
// delisted, a product.stock_changed event. Then an expired session: reconnect, jobs kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPoll, sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import { POLL_SALES_QUEUE, STOCK_CHANGED_QUEUE } from "../src/pipeline/queues.ts";
import type { CapturedSession } from "../src/sandbox/vinted/state.ts";
import { request } from "./support/engine.ts";
import { JPEG } from "./support/products.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";

let flow: SandboxFlow;
let fr: Seller;
let de: Seller;

const engine = () => flow.engine;
const shop = () => flow.shop;
const control: SandboxFlow["control"] = (method, path, body) => flow.control(method, path, body);
const uploadSession = (session: CapturedSession) =>
  request(engine(), "PUT", "/api/v1/channels/vinted/session", {
    token: flow.deviceToken,
    body: session,
  });
const accountOf = async (id: string) =>
  (
    await request(engine(), "GET", "/api/v1/channel-accounts", { token: shop().accessToken })
  ).body.channelAccounts.find((a: { id: string }) => a.id === id);
const listingsOf = (productId: string) => flow.listingsOf(productId);
const sandboxItems: SandboxFlow["sandboxItems"] = (user) => flow.sandboxItems(user);
const publish = (productId: string, channelAccountId: string) =>
  flow.publish(productId, channelAccountId);

beforeAll(async () => {
  flow = await startSandboxFlow();
  fr = await flow.connectSeller("lea_fr", "www.vinted.fr");
  de = await flow.connectSeller("lea_de", "www.vinted.de");
}, 60_000);

afterAll(async () => {
  await flow?.close();
});

describe("Vinted, end to end against the sandbox", () => {
  it("publishes, sees the sale through the poll, and delists everywhere else", async () => {
    const product = await flow.mappedProduct("Jean Levi's 501 bleu brut");
    const lint = await request(engine(), "GET", `/api/v1/products/${product.id}/lint`, {
      token: shop().accessToken,
    });
    expect(lint.status, JSON.stringify(lint.body)).toBe(200);
    for (const seller of [fr, de]) {
      const res = await publish(product.id, seller.accountId);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const published = await until(
      () => listingsOf(product.id),
      (ls) => ls.length === 2 && ls.every((l) => l.state === "published"),
    );
    expect(published.map((l) => l.state)).toEqual(["published", "published"]);
    const onFr = published.find((l) => l.channelAccountId === fr.accountId);
    const onDe = published.find((l) => l.channelAccountId === de.accountId);

    // The item exists on the sandbox as the mapped product, photo included.
    const [item] = await sandboxItems(fr.user);
    expect(item).toMatchObject({
      id: Number(onFr?.externalId),
      title: "Jean Levi's 501 bleu brut",
      price: "25.00",
      currency: "EUR",
      isClosed: false,
    });
    expect(item?.photoIds).toHaveLength(1);
    const photo = flow.sandbox.state.photos.get(item?.photoIds[0] as number);
    expect(photo).toMatchObject({ bytes: JPEG.length, contentType: "image/jpeg" });
    expect(await sandboxItems(de.user)).toHaveLength(1);

    // Sold on Vinted: the sweep queues a poll per connected account, which finds the sale.
    await control("POST", `/items/${item?.id}/sell`);
    const boss = engine().ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    expect(await sweepSalesPolls(boss, engine().ctx.database.db)).toBe(2);
    const after = await until(
      () => listingsOf(product.id),
      (ls) =>
        ls.find((l) => l.id === onFr?.id)?.state === "sold" &&
        ls.find((l) => l.id === onDe?.id)?.state === "delisted",
    );
    expect(after.find((l) => l.id === onFr?.id)?.state).toBe("sold");
    expect(after.find((l) => l.id === onDe?.id)?.state).toBe("delisted");
    expect(await sandboxItems(de.user)).toEqual([]);

    const stored = await request(engine(), "GET", `/api/v1/products/${product.id}`, {
      token: shop().accessToken,
    });
    expect(stored.body.quantity).toBe(0);
    const stock = await engine().database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'productId' = $2",
      [STOCK_CHANGED_QUEUE, product.id],
    );
    expect(stock.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({
        type: "product.stock_changed",
        tenantId: shop().tenantId,
        quantity: 0,
        listingId: onFr?.id,
        platform: "vinted",
      }),
    ]);
    const history = await engine().database.pool.query(
      `SELECT action, actor, to_state FROM tenant_${shop().tenantId}.publication_events
        WHERE listing_id = $1 ORDER BY id DESC LIMIT 1`,
      [onFr?.id],
    );
    expect(history.rows[0]).toEqual({ action: "sold", actor: "sales-poll", to_state: "sold" });

    // A poll costs a pacing slot per wardrobe page, recorded like any action.
    const slots = await engine().database.pool.query(
      `SELECT count(*)::int AS n FROM tenant_${shop().tenantId}.pacing_slots WHERE action = 'poll'`,
    );
    expect(slots.rows[0].n).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("asks for reconnection on an expired session, keeps the jobs, and resumes on a new one", async () => {
    await control("POST", `/users/${fr.user.id}/expire-sessions`);
    const product = await flow.mappedProduct("Jean Levi's 505 noir");
    expect((await publish(product.id, fr.accountId)).status).toBe(202);
    const account = await until(
      () => accountOf(fr.accountId),
      (a) => a.status === "reconnect_needed",
    );
    expect(account.status).toBe("reconnect_needed");
    const [waiting] = await listingsOf(product.id);
    expect(["queued", "publishing"]).toContain(waiting?.state);

    // The sales poll of the same account is held the same way, not burned.
    const boss = engine().ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sendPoll(boss, { tenantId: shop().tenantId, accountId: fr.accountId });
    const kept = await engine().database.pool.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active')`,
      [["listing.publish", POLL_SALES_QUEUE]],
    );
    expect(kept.rows[0].n).toBeGreaterThanOrEqual(1);
    expect(await sandboxItems(fr.user)).toHaveLength(1); // only the item sold above

    // The extension uploads a fresh session: the account is connected and the publish resumes.
    const fresh = await control("POST", `/users/${fr.user.id}/sessions`);
    expect((await uploadSession(fresh.session)).status).toBe(200);
    const done = await until(
      () => listingsOf(product.id),
      (ls) => ls[0]?.state === "published",
    );
    expect(done[0]?.state).toBe("published");
    expect((await accountOf(fr.accountId)).status).toBe("connected");
    const items = await sandboxItems(fr.user);
    expect(items.filter((i) => i.title === "Jean Levi's 505 noir")).toHaveLength(1);
  }, 60_000);
});
