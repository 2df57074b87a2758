// Recovery paths of the pipeline over real HTTP against the Vinted sandbox: a failed edit
// retried as an edit (never a second item), a product that sells out while another listing
// is being published, and jobs pg-boss gave up on while their listing was still in progress.
import { withTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markSold } from "../src/listings/sold.ts";
import { MAX_REQUEUES } from "../src/pipeline/dead-letters.ts";
import { DEAD_LETTER_QUEUE } from "../src/pipeline/queues.ts";
import { request } from "./support/engine.ts";
import { type SandboxFlow, type Seller, startSandboxFlow, until } from "./support/sandbox-flow.ts";

let flow: SandboxFlow;
let seller: Seller;

beforeAll(async () => {
  flow = await startSandboxFlow({}, "Recovery shop");
  seller = await flow.connectSeller("recovery_shop");
}, 60_000);
afterAll(async () => {
  await flow?.close();
});

const ITEMS = "/api/v2/item_upload/items";
const listing = async (productId: string) => (await flow.listingsOf(productId))[0];
const published = (productId: string) =>
  until(
    () => listing(productId),
    (l) => l?.state === "published",
  );
const setState = (listingId: string, state: string) =>
  flow.engine.database.pool.query(
    `UPDATE tenant_${flow.shop.tenantId}.listings SET state = $2 WHERE id = $1`,
    [listingId, state],
  );

describe("pipeline recovery", () => {
  it("retries a failed edit as an edit: the same item changes, none is added", async () => {
    const product = await flow.mappedProduct("Chemise lin Levi's");
    await flow.publish(product.id);
    const live = await published(product.id);
    await flow.control("POST", "/faults", {
      type: "server_error",
      count: 3,
      method: "PUT",
      path: ITEMS,
    });
    const patched = await request(flow.engine, "PATCH", `/api/v1/products/${product.id}`, {
      token: flow.shop.accessToken,
      body: { title: "Chemise en lin Levi's" },
    });
    expect(patched.status).toBe(200);
    const failed = await until(
      () => listing(product.id),
      (l) => l?.state === "error",
    );
    expect(failed?.externalId).toBe(live?.externalId);
    const retried = await request(flow.engine, "POST", `/api/v1/listings/${failed?.id}/retry`, {
      token: flow.shop.accessToken,
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const again = await published(product.id);
    expect(again?.externalId).toBe(live?.externalId);
    const items = await flow.sandboxItems(seller.user);
    const mine = items.filter((i) => i.id === Number(live?.externalId));
    expect(mine.map((i) => i.title)).toEqual(["Chemise en lin Levi's"]);
    expect(items.filter((i) => i.title.startsWith("Chemise"))).toHaveLength(1);
    const { rows } = await flow.engine.database.pool.query(
      `SELECT action FROM tenant_${flow.shop.tenantId}.publication_events
        WHERE listing_id = $1 AND outcome = 'queued' ORDER BY id`,
      [live?.id],
    );
    expect(rows.map((r) => r.action)).toEqual(["publish", "update"]);
  }, 60_000);

  it("takes a listing down as soon as its publish ends when the product sold meanwhile", async () => {
    const other = await flow.connectSeller("recovery_shop_de", "www.vinted.de");
    const product = await flow.mappedProduct("Pull laine Levi's");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const first = await published(product.id);
    // The second publish hangs at the sandbox while the first listing sells.
    await flow.control("POST", "/faults", {
      type: "slow",
      delayMs: 1_500,
      method: "POST",
      path: ITEMS,
    });
    expect((await flow.publish(product.id, other.accountId)).status).toBe(202);
    await until(
      () => flow.listingsOf(product.id),
      (ls) => ls.some((l) => l.channelAccountId === other.accountId && l.state === "publishing"),
    );
    const publishing = flow.engine.ctx.publishing;
    if (!publishing) throw new Error("no pipeline");
    await withTenant(flow.engine.database.db, flow.shop.tenantId, (tx) =>
      markSold(publishing.requester, tx, flow.shop.tenantId, first?.id as string, {
        actor: "worker",
      }),
    );
    const after = await until(
      () => flow.listingsOf(product.id),
      (ls) => ls.some((l) => l.channelAccountId === other.accountId && l.state === "delisted"),
    );
    expect(after.find((l) => l.id === first?.id)?.state).toBe("sold");
    expect(await flow.sandboxItems(other.user)).toEqual([]);
  }, 60_000);

  it("sends a job cut short again, and gives up with the reason after a few times", async () => {
    const product = await flow.mappedProduct("Jupe plissée Levi's");
    expect((await flow.publish(product.id, seller.accountId)).status).toBe(202);
    const done = await published(product.id);
    const boss = flow.engine.ctx.publishing?.pipeline.boss;
    if (!boss || !done) throw new Error("no pipeline");
    const job = {
      tenantId: flow.shop.tenantId,
      listingId: done.id,
      action: "publish",
      revision: 1,
    };
    // A worker killed mid-publish, three times over: pg-boss dead-letters the job while the
    // listing still says publishing. It is sent again and reconciles with the item.
    await setState(done.id, "publishing");
    await boss.send(DEAD_LETTER_QUEUE, job);
    const rescued = await published(product.id);
    expect(rescued?.externalId).toBe(done.externalId);
    expect(
      (await flow.sandboxItems(seller.user)).filter((i) => i.title === "Jupe plissée Levi's"),
    ).toHaveLength(1);

    // Past the last requeue, the listing shows why it stopped.
    await setState(done.id, "publishing");
    await boss.send(DEAD_LETTER_QUEUE, { ...job, requeues: MAX_REQUEUES });
    const stopped = await until(
      () => listing(product.id),
      (l) => l?.state === "error",
    );
    expect(stopped?.lastError).toContain("interrupted");
  }, 60_000);
});
