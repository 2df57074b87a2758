// Relay mode: Vinted blocks the server, so the seller's browser extension performs the
// account's queued actions. The engine hands them out paced, and applies the outcomes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairDevice } from "./support/channels.ts";
import { request, type SignedUp, signUp } from "./support/engine.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";
import { itemBody, rawClient } from "./support/vinted-sandbox.ts";

describe("relay mode", () => {
  let flow: SandboxFlow;
  let seller: Seller;
  let other: SignedUp;
  let otherDevice: string;

  beforeAll(async () => {
    flow = await startSandboxFlow();
    seller = await flow.connectSeller("lea_relay");
    other = await signUp(flow.engine, "Chez Marc");
    otherDevice = await pairDevice(flow.engine, other);
  });
  afterAll(() => flow.close());

  const device = (token = flow.deviceToken) => ({
    next: () => request(flow.engine, "POST", "/api/v1/relay/actions/next", { token, body: {} }),
    report: (id: string, body: unknown) =>
      request(flow.engine, "POST", `/api/v1/relay/actions/${encodeURIComponent(id)}/outcome`, {
        token,
        body,
      }),
    status: () => request(flow.engine, "GET", "/api/v1/relay/status", { token }),
  });
  const setRelay = (enabled: boolean, token = flow.shop.accessToken) =>
    request(flow.engine, "PUT", `/api/v1/channel-accounts/${seller.accountId}/relay`, {
      token,
      body: { enabled },
    });
  /** Performs a handed-out publish on the sandbox as the browser would, with the seller's session. */
  const createOnVinted = async (payload: { title: string; price: string }) => {
    const { session } = await flow.control("POST", `/users/${seller.user.id}/sessions`);
    const vinted = rawClient(flow.sandbox.baseUrlFor("www.vinted.fr"), session);
    const photo = (await (await vinted.photo("8c8b6b2e-5f0e-4b9a-9a53-1f2f0d3c2a10")).json()) as {
      id: number;
    };
    const created = await vinted.send(
      "POST",
      "/api/v2/item_upload/items",
      itemBody([photo.id], { title: payload.title, price: payload.price }),
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const answer = (await created.json()) as { item: { id: number; title: string; url: string } };
    return answer.item;
  };

  it("is switched on by owners and admins, and lifts the server-side pause", async () => {
    const refused = await setRelay(true, other.accessToken);
    expect(refused.status).toBe(404);
    const res = await setRelay(true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ relayMode: true, status: "connected", pausedUntil: null });
    // The seller's own choice: no refusal to report.
    expect(res.body.relayReason).toBeNull();
    expect(Date.parse(res.body.relaySince)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps the workers off a relay account and hands its queued publish to the extension", async () => {
    const product = await flow.mappedProduct("Jean droit brut");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    // The worker sees the job and leaves it: nothing reaches Vinted from the server.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await flow.sandboxItems(seller.user)).toHaveLength(0);
    expect((await flow.listingsOf(product.id))[0]?.state).toBe("queued");

    const status = await device().status();
    expect(status.body).toMatchObject({
      shop: { name: "Chez Léa" },
      accounts: [{ id: seller.accountId, username: "lea_relay", pending: 1 }],
    });
    // Another shop's device sees nothing of it.
    expect((await device(otherDevice).next()).body).toEqual({ action: null, retryAt: null });
    expect((await device(otherDevice).status()).body.accounts).toEqual([]);

    const handed = await device().next();
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    const action = handed.body.action;
    expect(action).toMatchObject({
      accountId: seller.accountId,
      domain: "www.vinted.fr",
      action: "publish",
      externalId: null,
      reconcile: false,
      payload: { title: "Jean droit brut", price: "25.00", currency: "EUR" },
    });
    expect(Buffer.from(action.payload.photos[0].data, "base64").subarray(0, 2)).toEqual(
      Buffer.from([0xff, 0xd8]),
    );
    expect((await flow.listingsOf(product.id))[0]?.state).toBe("publishing");
    // Handed out once: the next ask does not give it again while the browser works on it.
    expect((await device().next()).body.action).toBeNull();
    // Another shop's device cannot report it.
    const foreign = await device(otherDevice).report(action.id, { outcome: "done" });
    expect(foreign.status).toBe(404);

    const item = await createOnVinted(action.payload);
    const done = await device().report(action.id, {
      outcome: "done",
      item: {
        id: String(item.id),
        url: `https://www.vinted.fr/items/${item.id}`,
        title: item.title,
        price: "25.00",
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ state: "published" });
    const [listing] = await flow.listingsOf(product.id);
    expect(listing).toMatchObject({ state: "published", externalId: String(item.id) });
    // Reported once: a second report is refused, nothing changes.
    expect((await device().report(action.id, { outcome: "done" })).status).toBe(409);
    const events = await flow.engine.database.pool.query(
      `SELECT actor, outcome FROM tenant_${flow.shop.tenantId}.publication_events WHERE listing_id = $1 ORDER BY id`,
      [listing?.id],
    );
    expect(events.rows.map((r) => r.outcome)).toEqual(["queued", "started", "ok"]);
    expect(events.rows[1].actor).toMatch(/^device:/);
  });

  it("paces the relay with the account's budget", async () => {
    const paced = await request(
      flow.engine,
      "PATCH",
      `/api/v1/channel-accounts/${seller.accountId}`,
      {
        token: flow.shop.accessToken,
        body: { pacingMaxActions: 1, pacingWindowSeconds: 3600 },
      },
    );
    expect(paced.status).toBe(200);
    const product = await flow.mappedProduct("Veste en jean");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const waiting = await device().next();
    expect(waiting.body.action).toBeNull();
    const retryIn = Date.parse(waiting.body.retryAt) - Date.now();
    expect(retryIn).toBeGreaterThan(3000 * 1000);
    expect((await flow.listingsOf(product.id))[0]?.state).toBe("queued");
    await request(flow.engine, "PATCH", `/api/v1/channel-accounts/${seller.accountId}`, {
      token: flow.shop.accessToken,
      body: { pacingMaxActions: 40, pacingWindowSeconds: 7200 },
    });
  });

  it("applies a failure as the workers would: retry later, error, reconnect, pause", async () => {
    // The booking above is used once due; clear the pacing slots to go on at once.
    await flow.engine.database.pool.query(`DELETE FROM tenant_${flow.shop.tenantId}.pacing_slots`);
    let handed = await device().next();
    expect(handed.body.action?.payload?.title).toBe("Veste en jean");
    const retry = await device().report(handed.body.action.id, {
      outcome: "failed",
      kind: "retryable",
      message: "Vinted answered 503.",
      status: 503,
    });
    expect(retry.body).toEqual({ state: "publishing" });
    // Offered again, now with reconciliation: the first attempt may have created the item.
    handed = await device().next();
    expect(handed.body.action).toMatchObject({ action: "publish", reconcile: true });

    const expired = await device().report(handed.body.action.id, {
      outcome: "session_expired",
      message: "Log in to Vinted again.",
    });
    expect(expired.status).toBe(200);
    let accounts = await request(flow.engine, "GET", "/api/v1/channel-accounts", {
      token: flow.shop.accessToken,
    });
    expect(accounts.body.channelAccounts[0]).toMatchObject({
      status: "reconnect_needed",
      relayMode: true,
    });
    expect((await device().next()).body.action).toBeNull();

    // The extension sends a fresh session: the relay resumes where it stopped.
    const fresh = await flow.control("POST", `/users/${seller.user.id}/sessions`);
    await request(flow.engine, "PUT", "/api/v1/channels/vinted/session", {
      token: flow.deviceToken,
      body: fresh.session,
    });
    await flow.engine.database.pool.query(`DELETE FROM tenant_${flow.shop.tenantId}.pacing_slots`);
    handed = await device().next();
    expect(handed.body.action?.reconcile).toBe(true);
    const blocked = await device().report(handed.body.action.id, {
      outcome: "blocked",
      message: "Vinted blocked this browser too (403).",
      status: 403,
    });
    expect(blocked.status).toBe(200);
    accounts = await request(flow.engine, "GET", "/api/v1/channel-accounts", {
      token: flow.shop.accessToken,
    });
    expect(accounts.body.channelAccounts[0]).toMatchObject({ status: "paused" });
    const paused = await device().next();
    expect(paused.body.action).toBeNull();
    expect(Date.parse(paused.body.retryAt)).toBeGreaterThan(Date.now() + 1800 * 1000);
  });

  it("hands the queue back to the workers when relay mode is switched off", async () => {
    const off = await setRelay(false);
    expect(off.body).toMatchObject({ relayMode: false, relaySince: null, relayReason: null });
    await flow.engine.database.pool.query(
      `UPDATE tenant_${flow.shop.tenantId}.channel_accounts SET status = 'connected', paused_until = NULL`,
    );
    const items = await until(
      () => flow.sandboxItems(seller.user),
      (list) => list.some((i) => i.title === "Veste en jean"),
    );
    expect(items.filter((i) => i.title === "Veste en jean")).toHaveLength(1);
  });

  it("refuses a malformed outcome with a problem, and unknown actions", async () => {
    const bad = await device().report("nope", { outcome: "done" });
    expect(bad.status).toBe(404);
    const invalid = await device().report("6f1d3c1e-7a53-4f0e-8d7b-0a4b2b1c9e11:publish:1", {
      outcome: "exploded",
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toContain("application/problem+json");
    const anonymous = await request(flow.engine, "POST", "/api/v1/relay/actions/next", {
      body: {},
    });
    expect(anonymous.status).toBe(401);
  });
});
