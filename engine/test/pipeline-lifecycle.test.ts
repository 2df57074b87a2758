import { withTenant } from "@stoflow/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTING_EVENTS_CHANNEL } from "../src/listings/events.ts";
import { canMove, IllegalTransitionError } from "../src/listings/lifecycle.ts";
import { moveListing } from "../src/listings/transition.ts";
import { type PipelineWorld, pipelineWorld } from "./support/pipeline.ts";

let world: PipelineWorld;
beforeAll(async () => {
  world = await pipelineWorld();
});
afterAll(() => world.close());

describe("listing life cycle", () => {
  it("has the moves of the architecture and no others", () => {
    expect(canMove("draft", "queued")).toBe(true);
    expect(canMove("queued", "publishing")).toBe(true);
    expect(canMove("publishing", "published")).toBe(true);
    expect(canMove("published", "updating")).toBe(true);
    expect(canMove("updating", "published")).toBe(true);
    expect(canMove("published", "delisting")).toBe(true);
    expect(canMove("delisting", "delisted")).toBe(true);
    expect(canMove("published", "sold")).toBe(true);
    expect(canMove("publishing", "error")).toBe(true);
    expect(canMove("error", "queued")).toBe(true);
    expect(canMove("draft", "published")).toBe(false);
    expect(canMove("sold", "queued")).toBe(false);
    expect(canMove("delisted", "published")).toBe(false);
  });

  it("records every move as a publication event in the same transaction, and announces it", async () => {
    const product = await world.product();
    const account = await world.account();
    const listingId = await world.listing(product.id, account, "draft");
    const listener = new pg.Client({ connectionString: world.database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (n) => heard.push(n.payload ?? ""));
    await listener.query(`LISTEN ${LISTING_EVENTS_CHANNEL}`);
    await withTenant(world.database.db, world.tenantId, (tx) =>
      moveListing(tx, world.tenantId, {
        listingId,
        to: "queued",
        action: "publish",
        actor: "user:someone",
        outcome: "queued",
        idempotencyKey: `${listingId}:publish:1`,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await listener.end();
    const [event] = await world.events(listingId);
    expect(event).toMatchObject({
      fromState: "draft",
      toState: "queued",
      actor: "user:someone",
      outcome: "queued",
      idempotencyKey: `${listingId}:publish:1`,
    });
    expect(heard.map((h) => JSON.parse(h))).toEqual([
      expect.objectContaining({ tenantId: world.tenantId, listingId, from: "draft", to: "queued" }),
    ]);
  });

  it("refuses an illegal move and leaves the listing and its history unchanged", async () => {
    const product = await world.product();
    const account = await world.account();
    const listingId = await world.listing(product.id, account, "draft");
    const attempt = withTenant(world.database.db, world.tenantId, (tx) =>
      moveListing(tx, world.tenantId, {
        listingId,
        to: "published",
        action: "publish",
        actor: "worker",
        outcome: "ok",
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(IllegalTransitionError);
    expect((await world.listingRow(listingId)).state).toBe("draft");
    expect(await world.events(listingId)).toEqual([]);
  });

  it("refuses a move from a state the caller did not expect (a stale job)", async () => {
    const product = await world.product();
    const account = await world.account();
    const listingId = await world.listing(product.id, account, "published");
    const attempt = withTenant(world.database.db, world.tenantId, (tx) =>
      moveListing(tx, world.tenantId, {
        listingId,
        from: ["queued"],
        to: "error",
        action: "publish",
        actor: "worker",
        outcome: "failed",
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(IllegalTransitionError);
  });
});
