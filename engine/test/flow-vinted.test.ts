// The whole flow over real HTTP, the engine's pipeline wired from its config to the Vinted
// sandbox: connect an account through a paired device, publish a mapped product with a photo,
// sell it on the sandbox, let the sales poll see it: sold, stock down, the other listing
// delisted, a product.stock_changed event. Then an expired session: reconnect, jobs kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPoll, sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import { POLL_SALES_QUEUE, STOCK_CHANGED_QUEUE } from "../src/pipeline/queues.ts";
import { startVintedSandbox, type VintedSandbox } from "../src/sandbox/vinted/server.ts";
import type { CapturedSession, SandboxItem, SandboxUser } from "../src/sandbox/vinted/state.ts";
import { pairDevice } from "./support/channels.ts";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, JPEG } from "./support/products.ts";
import { until } from "./support/sandbox-flow.ts";

let sandbox: VintedSandbox;
let engine: TestEngine;
let shop: SignedUp;
let deviceToken: string;

// biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
async function control(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

interface Seller {
  user: SandboxUser;
  accountId: string;
}

/** A sandbox seller whose session the paired device uploads, as the extension would. */
async function connectSeller(login: string, domain: string): Promise<Seller> {
  const made: { user: SandboxUser; session: CapturedSession } = await control("POST", "/users", {
    login,
    domain,
  });
  const res = await uploadSession(made.session);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { user: made.user, accountId: res.body.id };
}

const uploadSession = (session: CapturedSession) =>
  request(engine, "PUT", "/api/v1/channels/vinted/session", { token: deviceToken, body: session });

const sandboxItems = async (user: SandboxUser): Promise<SandboxItem[]> =>
  (await control("GET", `/users/${user.id}/items`)).items;

const listingsOf = async (productId: string) =>
  (
    await request(engine, "GET", `/api/v1/listings?productId=${productId}`, {
      token: shop.accessToken,
    })
  ).body.items as { id: string; state: string; channelAccountId: string; externalId: string }[];

const accountOf = async (id: string) =>
  (
    await request(engine, "GET", "/api/v1/channel-accounts", { token: shop.accessToken })
  ).body.channelAccounts.find((a: { id: string }) => a.id === id);

/** A product every seeded mapping knows, with one JPEG photo. */
async function mappedProduct(title: string) {
  const product = await createProduct(engine, shop.accessToken, {
    title,
    description: "Porté deux fois, aucun défaut, coupe droite.",
    brand: "Levi's",
    category: "femmes/vetements/jeans",
    size: "38",
    colors: ["bleu"],
    condition: "very_good",
    price: 25,
    quantity: 1,
  });
  const res = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
    token: shop.accessToken,
    rawBody: imageForm({ data: JPEG, name: "face.jpg", type: "image/jpeg" }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return product as { id: string };
}

const publish = (productId: string, channelAccountId: string) =>
  request(engine, "POST", `/api/v1/products/${productId}/publish`, {
    token: shop.accessToken,
    body: { platforms: ["vinted"], channelAccountId },
  });

let fr: Seller;
let de: Seller;

beforeAll(async () => {
  sandbox = await startVintedSandbox();
  engine = await startTestEngine({ STOFLOW_VINTED_URL: sandbox.url }, { publishing: {} });
  shop = await signUp(engine, "Chez Léa");
  deviceToken = await pairDevice(engine, shop);
  fr = await connectSeller("lea_fr", "www.vinted.fr");
  de = await connectSeller("lea_de", "www.vinted.de");
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await sandbox?.close();
});

describe("Vinted, end to end against the sandbox", () => {
  it("publishes, sees the sale through the poll, and delists everywhere else", async () => {
    const product = await mappedProduct("Jean Levi's 501 bleu brut");
    const lint = await request(engine, "GET", `/api/v1/products/${product.id}/lint`, {
      token: shop.accessToken,
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
    const photo = sandbox.state.photos.get(item?.photoIds[0] as number);
    expect(photo).toMatchObject({ bytes: JPEG.length, contentType: "image/jpeg" });
    expect(await sandboxItems(de.user)).toHaveLength(1);

    // Sold on Vinted: the sweep queues a poll per connected account, which finds the sale.
    await control("POST", `/items/${item?.id}/sell`);
    const boss = engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    expect(await sweepSalesPolls(boss, engine.ctx.database.db)).toBe(2);
    const after = await until(
      () => listingsOf(product.id),
      (ls) =>
        ls.find((l) => l.id === onFr?.id)?.state === "sold" &&
        ls.find((l) => l.id === onDe?.id)?.state === "delisted",
    );
    expect(after.find((l) => l.id === onFr?.id)?.state).toBe("sold");
    expect(after.find((l) => l.id === onDe?.id)?.state).toBe("delisted");
    expect(await sandboxItems(de.user)).toEqual([]);

    const stored = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: shop.accessToken,
    });
    expect(stored.body.quantity).toBe(0);
    const stock = await engine.database.pool.query(
      "SELECT data FROM pgboss.job WHERE name = $1 AND data->>'productId' = $2",
      [STOCK_CHANGED_QUEUE, product.id],
    );
    expect(stock.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({
        type: "product.stock_changed",
        tenantId: shop.tenantId,
        quantity: 0,
        listingId: onFr?.id,
        platform: "vinted",
      }),
    ]);
    const history = await engine.database.pool.query(
      `SELECT action, actor, to_state FROM tenant_${shop.tenantId}.publication_events
        WHERE listing_id = $1 ORDER BY id DESC LIMIT 1`,
      [onFr?.id],
    );
    expect(history.rows[0]).toEqual({ action: "sold", actor: "sales-poll", to_state: "sold" });

    // A poll costs a pacing slot per wardrobe page, recorded like any action.
    const slots = await engine.database.pool.query(
      `SELECT count(*)::int AS n FROM tenant_${shop.tenantId}.pacing_slots WHERE action = 'poll'`,
    );
    expect(slots.rows[0].n).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("asks for reconnection on an expired session, keeps the jobs, and resumes on a new one", async () => {
    await control("POST", `/users/${fr.user.id}/expire-sessions`);
    const product = await mappedProduct("Jean Levi's 505 noir");
    expect((await publish(product.id, fr.accountId)).status).toBe(202);
    const account = await until(
      () => accountOf(fr.accountId),
      (a) => a.status === "reconnect_needed",
    );
    expect(account.status).toBe("reconnect_needed");
    const [waiting] = await listingsOf(product.id);
    expect(["queued", "publishing"]).toContain(waiting?.state);

    // The sales poll of the same account is held the same way, not burned.
    const boss = engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sendPoll(boss, { tenantId: shop.tenantId, accountId: fr.accountId });
    const kept = await engine.database.pool.query(
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
