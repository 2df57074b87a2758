// A sales poll of a wardrobe of several pages, with spacing between an account's calls: each
// page waits for its own pacing slot, and the poll goes on from the page it stopped at, so a
// sale on a later page is seen (it used to start again from page 1 at every slot).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSalesPolls } from "../src/pipeline/poll-sales.ts";
import type { SandboxItem } from "../src/sandbox/vinted/state.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";

describe("sales poll over several wardrobe pages", () => {
  let flow: SandboxFlow;
  let seller: Seller;

  beforeAll(async () => {
    flow = await startSandboxFlow({ minGapSeconds: 1, maxGapSeconds: 1 });
    seller = await flow.connectSeller("lea_big_wardrobe");
  });
  afterAll(() => flow.close());

  it("reads page after page, one slot each, and finds the sale on the second", async () => {
    const product = await flow.mappedProduct("Jean Levi's 501 brut");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const [listing] = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls[0]?.state === "published",
    );
    expect(listing?.state).toBe("published");
    // 100 newer items (the wardrobe lists newest first): ours is on page 2 of 96.
    const [ours] = await flow.sandboxItems(seller.user);
    const now = new Date().toISOString();
    for (let i = 0; i < 100; i++) {
      const id = flow.sandbox.state.newItemId();
      flow.sandbox.state.items.set(id, {
        ...(ours as SandboxItem),
        id,
        title: `Article ${i}`,
        photoIds: [],
        createdAt: now,
        updatedAt: now,
      });
    }
    await flow.control("POST", `/items/${listing?.externalId}/sell`);

    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, flow.engine.ctx.database.db);
    const after = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls[0]?.state === "sold",
    );
    expect(after[0]?.state).toBe("sold");
    const slots = await flow.engine.database.pool.query(
      `SELECT taken_at FROM tenant_${flow.shop.tenantId}.pacing_slots
        WHERE action = 'poll' AND NOT reserved ORDER BY taken_at`,
    );
    // Two pages, two slots, spaced by the account's gap.
    expect(slots.rows).toHaveLength(2);
    const [first, second] = slots.rows.map((r) => r.taken_at.getTime());
    expect((second as number) - (first as number)).toBeGreaterThanOrEqual(1000);
  }, 60_000);
});
