import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../src/pipeline/run-action.ts";
import {
  channelError,
  fakeChannel,
  type PipelineWorld,
  pipelineWorld,
} from "./support/pipeline.ts";

let world: PipelineWorld;
beforeAll(async () => {
  world = await pipelineWorld();
});
afterAll(() => world.close());

async function queuedListing(accountId?: string) {
  const account = accountId ?? (await world.account());
  const product = await world.product();
  const listingId = await world.listing(product.id, account);
  return {
    account,
    listingId,
    job: {
      tenantId: world.tenantId,
      listingId,
      action: "publish" as const,
      revision: product.revision,
    },
  };
}

const HOUR = 3_600_000;

describe("failure classification", () => {
  it("publishes, storing the external id and the history", async () => {
    const fake = fakeChannel();
    const { listingId, job } = await queuedListing();
    expect(await runAction(world.runtime(fake.channel), job, 1)).toEqual({
      kind: "done",
      outcome: "ok",
    });
    const listing = await world.listingRow(listingId);
    expect(listing).toMatchObject({
      state: "published",
      externalId: "1",
      publishedRevision: 1,
      lastError: null,
    });
    const events = await world.events(listingId);
    expect(events.map((e) => [e.fromState, e.toState, e.outcome])).toEqual([
      ["queued", "publishing", "started"],
      ["publishing", "published", "ok"],
    ]);
  });

  it("stops at once on a permanent error and keeps the marketplace's message", async () => {
    const fake = fakeChannel((call) => {
      if (call === "publish")
        throw channelError("The title is too long (max 100).", {
          kind: "permanent",
          reason: "validation",
          status: 422,
          remote: { error: "title_too_long" },
        });
    });
    const { listingId, job } = await queuedListing();
    expect(await runAction(world.runtime(fake.channel), job, 1)).toEqual({
      kind: "done",
      outcome: "failed",
    });
    expect(fake.calls).toEqual(["publish"]);
    expect(await world.listingRow(listingId)).toMatchObject({
      state: "error",
      lastError: "The title is too long (max 100).",
      lastErrorKind: "validation",
    });
    expect((await world.events(listingId)).at(-1)?.response).toEqual({ error: "title_too_long" });
  });

  it("retries a retryable error on 3 attempts in all, looking for the item before posting again, then errors", async () => {
    const fake = fakeChannel((call) => {
      if (call === "publish")
        throw channelError("Vinted answered 503.", {
          kind: "retryable",
          reason: "server",
          status: 503,
        });
    });
    const { listingId, job } = await queuedListing();
    const rt = world.runtime(fake.channel);
    expect(await runAction(rt, job, 1)).toMatchObject({ kind: "failed" });
    expect((await world.listingRow(listingId)).state).toBe("publishing");
    expect(await runAction(rt, job, 2)).toMatchObject({ kind: "failed" });
    expect(await runAction(rt, job, 3)).toMatchObject({ kind: "failed" });
    expect(fake.calls).toEqual(["publish", "findExisting", "publish", "findExisting", "publish"]);
    expect(await world.listingRow(listingId)).toMatchObject({
      state: "error",
      lastError: "Vinted answered 503.",
      lastErrorKind: "server",
      attempts: 3,
    });
    expect((await world.events(listingId)).map((e) => e.outcome)).toEqual([
      "started",
      "retry",
      "started",
      "retry",
      "started",
      "failed",
    ]);
  });

  it("adopts the item an earlier attempt created instead of posting a duplicate", async () => {
    let first = true;
    const fake = fakeChannel((call) => {
      if (call === "publish" && first) {
        first = false;
        // The marketplace created the item, but the answer was lost.
        throw channelError("Timed out.", { kind: "retryable", reason: "timeout" });
      }
    });
    const { listingId, job } = await queuedListing();
    const rt = world.runtime(fake.channel);
    expect(await runAction(rt, job, 1)).toMatchObject({ kind: "failed" });
    // The item the lost answer was about, as the marketplace holds it.
    fake.items.set("77", {
      id: "77",
      title: `Item ${(await world.listingRow(listingId)).productId}`,
      price: "25.00",
      url: "u",
      state: "active",
    });
    expect(await runAction(rt, job, 2)).toEqual({ kind: "done", outcome: "reconciled" });
    expect(fake.calls).toEqual(["publish", "findExisting"]);
    expect(await world.listingRow(listingId)).toMatchObject({
      state: "published",
      externalId: "77",
    });
  });

  it("pauses the account after the first 403, makes no further calls until the cool-down, then grows it", async () => {
    let blocked = true;
    const fake = fakeChannel((call) => {
      if (call === "publish" && blocked)
        throw channelError("Vinted blocked this account for now.", {
          kind: "account",
          reason: "blocked",
          status: 403,
        });
    });
    const account = await world.account();
    const a = await queuedListing(account);
    const b = await queuedListing(account);
    const rt = world.runtime(fake.channel);
    const start = world.clock.now();
    const paused = await runAction(rt, a.job, 1);
    expect(paused).toEqual({
      kind: "reschedule",
      at: new Date(start.getTime() + HOUR),
      reason: "paused",
    });
    expect(await world.accountRow(account)).toMatchObject({
      status: "paused",
      cooldownLevel: 1,
      statusReason: "Vinted blocked this account for now.",
    });
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "reschedule", reason: "paused" });
    expect(fake.calls).toEqual(["publish"]);
    world.clock.advance(HOUR + 1000);
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "reschedule", reason: "paused" });
    expect((await world.accountRow(account)).cooldownLevel).toBe(2);
    expect(fake.calls).toEqual(["publish", "publish"]);
    const second = await world.accountRow(account);
    expect(second.pausedUntil?.getTime()).toBe(world.clock.now().getTime() + 4 * HOUR);
    world.clock.advance(4 * HOUR + 1000);
    blocked = false;
    expect(await runAction(rt, b.job, 1)).toMatchObject({ kind: "done" });
    expect(await world.accountRow(account)).toMatchObject({
      status: "connected",
      cooldownLevel: 0,
    });
  });

  it("puts the account in reconnect needed on 401 and keeps the jobs", async () => {
    const fake = fakeChannel((call) => {
      if (call === "publish")
        throw channelError("Your Vinted session has expired: reconnect it.", {
          kind: "account",
          reason: "session_expired",
          status: 401,
        });
    });
    const account = await world.account();
    const a = await queuedListing(account);
    const b = await queuedListing(account);
    const rt = world.runtime(fake.channel);
    expect(await runAction(rt, a.job, 1)).toMatchObject({
      kind: "reschedule",
      reason: "reconnect_needed",
    });
    expect(await world.accountRow(account)).toMatchObject({ status: "reconnect_needed" });
    expect(await runAction(rt, b.job, 1)).toMatchObject({
      kind: "reschedule",
      reason: "reconnect_needed",
    });
    expect(fake.calls).toEqual(["publish"]);
    expect((await world.listingRow(a.listingId)).state).toBe("publishing");
    expect((await world.listingRow(b.listingId)).state).toBe("queued");
  });

  it("waits for the Retry-After of a 429 without climbing the cool-down ladder", async () => {
    const fake = fakeChannel((call) => {
      if (call === "publish")
        throw channelError("Too many requests.", {
          kind: "retryable",
          reason: "rate_limited",
          status: 429,
          retryAfterSeconds: 120,
        });
    });
    const account = await world.account();
    const { job } = await queuedListing(account);
    const result = await runAction(world.runtime(fake.channel), job, 1);
    expect(result).toEqual({
      kind: "reschedule",
      at: new Date(world.clock.now().getTime() + 120_000),
      reason: "paused",
    });
    expect((await world.accountRow(account)).cooldownLevel).toBe(0);
  });
});
