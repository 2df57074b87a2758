// Failure classification of listing actions, against the Vinted sandbox over HTTP: the faults
// are the sandbox's (403, 429, 5xx, slow answers, expired sessions), the pipeline runs on a
// clock of its own so pauses and cool-downs are checked without waiting.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runAction } from "../src/pipeline/run-action.ts";
import { useSandboxMarket } from "./support/pipeline.ts";
import { itemBody, rawClient } from "./support/vinted-sandbox.ts";

const t = useSandboxMarket({ timeoutMs: 1_000 });

async function queuedListing(accountId?: string, title?: string) {
  const account = accountId ?? (await t.market.account()).accountId;
  const product = await t.world.product(title);
  const listingId = await t.world.listing(product.id, account);
  return {
    account,
    listingId,
    job: {
      tenantId: t.world.tenantId,
      listingId,
      action: "publish" as const,
      revision: product.revision,
    },
  };
}

/** The marketplace calls of one test, from a clean request log. */
async function fresh() {
  await t.market.control("DELETE", "/faults");
  await t.market.clearCalls();
}

const HOUR = 3_600_000;
const ITEMS = "/api/v2/item_upload/items";

describe("failure classification", () => {
  it("publishes, storing the external id and the history", async () => {
    await fresh();
    const { listingId, job } = await queuedListing();
    expect(await runAction(t.market.runtime(), job, 1)).toEqual({ kind: "done", outcome: "ok" });
    const listing = await t.world.listingRow(listingId);
    expect(listing).toMatchObject({
      state: "published",
      externalId: expect.stringMatching(/^\d+$/),
      publishedRevision: 1,
      lastError: null,
    });
    expect(t.market.sandbox.state.items.get(Number(listing.externalId))).toMatchObject({
      title: "Levi's 501",
      price: "25.00",
    });
    expect(await t.market.calls()).toEqual(["photo", "publish"]);
    const events = await t.world.events(listingId);
    expect(events.map((e) => [e.fromState, e.toState, e.outcome])).toEqual([
      ["queued", "publishing", "started"],
      ["publishing", "published", "ok"],
    ]);
  });

  it("stops at once on a permanent error and keeps the marketplace's message", async () => {
    await fresh();
    // 101 characters: the sandbox refuses it as Vinted does.
    const { listingId, job } = await queuedListing(undefined, "x".repeat(101));
    expect(await runAction(t.market.runtime(), job, 1)).toEqual({
      kind: "done",
      outcome: "failed",
    });
    expect(await t.market.calls()).toEqual(["photo", "publish"]);
    const listing = await t.world.listingRow(listingId);
    expect(listing).toMatchObject({ state: "error", lastErrorKind: "validation" });
    expect(listing.lastError).toMatch(/title/i);
    expect(JSON.stringify((await t.world.events(listingId)).at(-1)?.response)).toMatch(/title/i);
  });

  it("retries a retryable error on 3 attempts in all, looking for the item before posting again, then errors", async () => {
    await fresh();
    await t.market.fault({
      type: "server_error",
      status: 503,
      path: ITEMS,
      method: "POST",
      count: 3,
    });
    const { listingId, job } = await queuedListing();
    const rt = t.market.runtime();
    expect(await runAction(rt, job, 1)).toMatchObject({ kind: "failed" });
    expect((await t.world.listingRow(listingId)).state).toBe("publishing");
    expect(await runAction(rt, job, 2)).toMatchObject({ kind: "failed" });
    expect(await runAction(rt, job, 3)).toMatchObject({ kind: "failed" });
    expect(await t.market.calls()).toEqual([
      "photo",
      "publish",
      "wardrobe",
      "photo",
      "publish",
      "wardrobe",
      "photo",
      "publish",
    ]);
    expect(await t.world.listingRow(listingId)).toMatchObject({
      state: "error",
      lastErrorKind: "server",
      attempts: 3,
    });
    expect((await t.world.events(listingId)).map((e) => e.outcome)).toEqual([
      "started",
      "retry",
      "started",
      "retry",
      "started",
      "failed",
    ]);
  });

  it("adopts the item an earlier attempt created instead of posting a duplicate", async () => {
    await fresh();
    await t.market.fault({ type: "timeout", delayMs: 5_000, path: ITEMS, method: "POST" });
    const seller = await t.market.account();
    const { listingId, job } = await queuedListing(seller.accountId, "Veste en jean délavée");
    const rt = t.market.runtime();
    expect(await runAction(rt, job, 1)).toMatchObject({ kind: "failed" });
    // The item the lost answer was about, as the marketplace holds it.
    const raw = rawClient(t.market.sandbox.baseUrlFor("www.vinted.fr"), seller.session);
    const photo = (await (await raw.photo(randomUUID())).json()) as { id: number };
    const created = await raw.send(
      "POST",
      ITEMS,
      itemBody([photo.id], { title: "Veste en jean délavée", price: "25.00" }),
    );
    expect(created.status).toBe(200);
    const { item } = (await created.json()) as { item: { id: number } };
    await t.market.clearCalls();
    expect(await runAction(rt, job, 2)).toEqual({ kind: "done", outcome: "reconciled" });
    expect(await t.market.calls()).toEqual(["wardrobe"]);
    expect(await t.world.listingRow(listingId)).toMatchObject({
      state: "published",
      externalId: String(item.id),
    });
    const same = [...t.market.sandbox.state.items.values()].filter(
      (i) => i.title === "Veste en jean délavée",
    );
    expect(same).toHaveLength(1);
  });

  it("pauses the account after the first 403, makes no further calls until the cool-down, then grows it", async () => {
    await fresh();
    await t.market.fault({ type: "blocked", path: "/api/v2/photos", count: 2 });
    const { accountId: account } = await t.market.account();
    const a = await queuedListing(account);
    const b = await queuedListing(account);
    const rt = t.market.runtime();
    const start = t.world.clock.now();
    const paused = await runAction(rt, a.job, 1);
    expect(paused).toEqual({
      kind: "reschedule",
      at: new Date(start.getTime() + HOUR),
      reason: "paused",
    });
    expect(await t.world.accountRow(account)).toMatchObject({ status: "paused", cooldownLevel: 1 });
    expect((await t.world.accountRow(account)).statusReason).toBeTruthy();
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "reschedule", reason: "paused" });
    expect(await t.market.calls()).toEqual(["photo"]);
    t.world.clock.advance(HOUR + 1000);
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "reschedule", reason: "paused" });
    expect((await t.world.accountRow(account)).cooldownLevel).toBe(2);
    expect(await t.market.calls()).toEqual(["photo", "photo"]);
    const second = await t.world.accountRow(account);
    expect(second.pausedUntil?.getTime()).toBe(t.world.clock.now().getTime() + 4 * HOUR);
    t.world.clock.advance(4 * HOUR + 1000);
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "done" });
    expect(await t.world.accountRow(account)).toMatchObject({
      status: "connected",
      cooldownLevel: 0,
    });
  });

  it("puts the account in reconnect needed on 401 and keeps the jobs", async () => {
    await fresh();
    const { accountId: account, user } = await t.market.account();
    await t.market.control("POST", `/users/${user.id}/expire-sessions`);
    const a = await queuedListing(account);
    const b = await queuedListing(account);
    const rt = t.market.runtime();
    expect(await runAction(rt, a.job, 1)).toMatchObject({
      kind: "reschedule",
      reason: "reconnect_needed",
    });
    expect(await t.world.accountRow(account)).toMatchObject({ status: "reconnect_needed" });
    expect(await runAction(rt, b.job, 1)).toMatchObject({
      kind: "reschedule",
      reason: "reconnect_needed",
    });
    expect(await t.market.calls()).toEqual(["photo"]);
    expect((await t.world.listingRow(a.listingId)).state).toBe("publishing");
    expect((await t.world.listingRow(b.listingId)).state).toBe("queued");
  });

  it("waits for the Retry-After of a 429 without climbing the cool-down ladder", async () => {
    await fresh();
    await t.market.fault({ type: "rate_limited", retryAfterSeconds: 120, path: "/api/v2/photos" });
    const { accountId: account } = await t.market.account();
    const { job } = await queuedListing(account);
    const result = await runAction(t.market.runtime(), job, 1);
    expect(result).toEqual({
      kind: "reschedule",
      at: new Date(t.world.clock.now().getTime() + 120_000),
      reason: "paused",
    });
    expect((await t.world.accountRow(account)).cooldownLevel).toBe(0);
  });
});
