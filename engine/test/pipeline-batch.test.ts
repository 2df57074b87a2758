// The workers' set-based publish of a batch (run-batch.ts), against the Vinted sandbox over HTTP:
// same outcome and history as the one-by-one path, and anything unusual left to that path.
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { LISTING_EVENTS_CHANNEL } from "../src/listings/events.ts";
import { runPublishBatch } from "../src/pipeline/run-batch.ts";
import { useSandboxMarket } from "./support/pipeline.ts";

const t = useSandboxMarket({ timeoutMs: 2_000 });

async function queued(accountId: string, title?: string) {
  const product = await t.world.product(title);
  const listingId = await t.world.listing(product.id, accountId);
  const job = {
    tenantId: t.world.tenantId,
    listingId,
    action: "publish" as const,
    revision: product.revision,
  };
  return { listingId, productId: product.id, job: { job, attempt: 1 } };
}

const slotsOf = (accountId: string) =>
  withTenant(t.world.database.db, t.world.tenantId, (tx) =>
    tx.select().from(tenant.pacingSlots).where(eq(tenant.pacingSlots.channelAccountId, accountId)),
  );

describe("set-based publish batch", () => {
  it("publishes a batch with the same history as one by one, and announces every move", async () => {
    const { accountId } = await t.market.account();
    const items = await Promise.all([1, 2, 3, 4, 5].map(() => queued(accountId)));
    const listener = new pg.Client({ connectionString: t.world.database.url });
    await listener.connect();
    const heard: { listingId: string; from: string; to: string; attempt: number }[] = [];
    listener.on("notification", (n) => heard.push(JSON.parse(n.payload ?? "{}")));
    await listener.query(`LISTEN ${LISTING_EVENTS_CHANNEL}`);
    await t.market.clearCalls();

    const results = await runPublishBatch(
      t.market.runtime(),
      items.map((i) => i.job),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await listener.end();

    expect(results).toEqual(items.map(() => ({ kind: "done", outcome: "ok" })));
    const calls = await t.market.calls();
    expect(calls.filter((c) => c === "publish")).toHaveLength(5);
    for (const { listingId } of items) {
      const listing = await t.world.listingRow(listingId);
      expect(listing).toMatchObject({
        state: "published",
        externalId: expect.stringMatching(/^\d+$/),
        title: "Levi's 501",
        price: "25.00",
        publishedRevision: 1,
        attempts: 0,
        lastError: null,
      });
      expect(listing.publishedAt).toBeInstanceOf(Date);
      const events = await t.world.events(listingId);
      expect(events.map((e) => [e.fromState, e.toState, e.outcome, e.attempt])).toEqual([
        ["queued", "publishing", "started", 1],
        ["publishing", "published", "ok", 1],
      ]);
      expect(events[0]?.response).toBeNull();
      expect(events[1]?.idempotencyKey).toBe(`${listingId}:publish:1`);
      expect(events[1]?.response).toMatchObject({ id: listing.externalId });
      expect(heard.filter((h) => h.listingId === listingId).map((h) => h.to)).toEqual([
        "publishing",
        "published",
      ]);
    }
    expect(await slotsOf(accountId)).toHaveLength(5);
  });

  it("leaves to the one-by-one path a retry, an earlier attempt and another action", async () => {
    const { accountId } = await t.market.account();
    const first = await queued(accountId);
    const retried = await queued(accountId);
    const started = await queued(accountId);
    await withTenant(t.world.database.db, t.world.tenantId, (tx) =>
      tx
        .update(tenant.listings)
        .set({ state: "publishing", attempts: 1 })
        .where(eq(tenant.listings.id, started.listingId)),
    );
    const delist = { ...first.job, job: { ...first.job.job, action: "delist" as const } };
    const results = await runPublishBatch(t.market.runtime(), [
      first.job,
      { ...retried.job, attempt: 2 },
      started.job,
      delist,
    ]);
    expect(results).toEqual([{ kind: "done", outcome: "ok" }, undefined, undefined, undefined]);
    expect((await t.world.listingRow(retried.listingId)).state).toBe("queued");
    expect(await t.world.events(retried.listingId)).toEqual([]);
    expect((await t.world.listingRow(started.listingId)).state).toBe("publishing");
  });

  it("takes only the slots pacing allows now, and nothing from an account that cannot act", async () => {
    const { accountId } = await t.market.account();
    const items = await Promise.all([1, 2, 3].map(() => queued(accountId)));
    const spaced = t.market.runtime({ minGapSeconds: 30, maxGapSeconds: 30 });
    const results = await runPublishBatch(
      spaced,
      items.map((i) => i.job),
    );
    expect(results).toEqual([{ kind: "done", outcome: "ok" }, undefined, undefined]);
    expect(await slotsOf(accountId)).toHaveLength(1);
    expect((await t.world.listingRow(items[1]?.listingId as string)).state).toBe("queued");

    const paused = await t.market.account();
    const waiting = await queued(paused.accountId);
    await withTenant(t.world.database.db, t.world.tenantId, (tx) =>
      tx
        .update(tenant.channelAccounts)
        .set({ status: "paused", pausedUntil: new Date(t.world.clock.now().getTime() + 3_600_000) })
        .where(eq(tenant.channelAccounts.id, paused.accountId)),
    );
    expect(await runPublishBatch(t.market.runtime(), [waiting.job])).toEqual([undefined]);
    expect(await t.world.events(waiting.listingId)).toEqual([]);
  });

  it("settles a refused item like the one-by-one path and publishes the rest", async () => {
    const { accountId } = await t.market.account();
    const good = await queued(accountId);
    const refused = await queued(accountId, "Hi");
    const results = await runPublishBatch(t.market.runtime(), [good.job, refused.job]);
    expect(results).toEqual([
      { kind: "done", outcome: "ok" },
      { kind: "done", outcome: "failed" },
    ]);
    const listing = await t.world.listingRow(refused.listingId);
    expect(listing).toMatchObject({ state: "error", lastErrorKind: "validation" });
    expect(listing.lastError).toMatch(/title/i);
    expect((await t.world.listingRow(good.listingId)).state).toBe("published");
  });

  it("takes down an item whose product sold out while it was posted", async () => {
    const { accountId } = await t.market.account();
    const item = await queued(accountId);
    // The product sells elsewhere between the move to publishing and the record.
    const rt = t.market.runtime();
    const channel = rt.channels.get("vinted");
    if (!channel) throw new Error("no channel");
    const selling = {
      ...channel,
      publish: async (...args: Parameters<typeof channel.publish>) => {
        await withTenant(t.world.database.db, t.world.tenantId, (tx) =>
          tx
            .update(tenant.products)
            .set({ quantity: 0 })
            .where(eq(tenant.products.id, item.productId)),
        );
        return channel.publish(...args);
      },
    };
    const results = await runPublishBatch({ ...rt, channels: { get: () => selling } }, [item.job]);
    expect(results).toEqual([{ kind: "done", outcome: "ok" }]);
    expect((await t.world.listingRow(item.listingId)).state).toBe("delisting");
  });
});
