// A 403 from Vinted (DataDome) blocks the engine's address, not the seller's browser: with a
// live paired extension the account switches to relay mode by itself and the blocked publish
// waits for the extension; without one, the account just pauses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "./support/engine.ts";
import { type SandboxFlow, startSandboxFlow, until } from "./support/sandbox-flow.ts";

describe("relay mode on a 403 block", () => {
  let flow: SandboxFlow;
  beforeAll(async () => {
    flow = await startSandboxFlow();
  });
  afterAll(() => flow.close());

  const account = async (id: string) =>
    (
      await request(flow.engine, "GET", "/api/v1/channel-accounts", {
        token: flow.shop.accessToken,
      })
    ).body.channelAccounts.find((a: { id: string }) => a.id === id);
  const blockNextPublish = () =>
    flow.control("POST", "/faults", {
      type: "blocked",
      method: "POST",
      path: "/api/v2/item_upload/items",
    });

  it("switches to relay when the shop's extension is live, and hands it the publish", async () => {
    const seller = await flow.connectSeller("lea_blocked");
    await blockNextPublish();
    const product = await flow.mappedProduct("Blouson cuir Levi's");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const relayed = await until(
      () => account(seller.accountId),
      (a) => a?.relayMode === true,
    );
    expect(relayed).toMatchObject({ relayMode: true, status: "connected", pausedUntil: null });
    // Said why and since when, for the seller's dashboard.
    expect(relayed?.relayReason).toEqual(expect.stringMatching(/\S/));
    expect(Date.parse(relayed?.relaySince ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(await flow.sandboxItems(seller.user)).toEqual([]);
    const next = await request(flow.engine, "POST", "/api/v1/relay/actions/next", {
      token: flow.deviceToken,
      body: {},
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.action).toMatchObject({ action: "publish", accountId: seller.accountId });
  });

  it("only pauses when the extension has not been seen for a day", async () => {
    const seller = await flow.connectSeller("lea_blocked_too", "www.vinted.de");
    await flow.engine.database.pool.query(
      "UPDATE devices SET last_seen_at = now() - interval '2 days' WHERE tenant_id = $1",
      [flow.shop.tenantId],
    );
    await blockNextPublish();
    const product = await flow.mappedProduct("Sac seau Levi's");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const paused = await until(
      () => account(seller.accountId),
      (a) => a?.status === "paused",
    );
    expect(paused).toMatchObject({ relayMode: false, status: "paused" });
  });
});
