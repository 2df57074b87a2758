// The Shopify sandbox speaks Admin GraphQL as shared/protocols/shopify.md says: pinned version
// in the path, token auth, cost extensions, cursor pages, search, the bulk life cycle and its
// JSONL, signed webhooks, the @idempotent inventory mutation. Plain HTTP, no engine.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SANDBOX_API_VERSION,
  type ShopifySandbox,
  startShopifySandbox,
} from "../src/sandbox/shopify/server.ts";

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await startShopifySandbox({ seedProducts: 30 });
});
afterAll(() => sandbox?.close());

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely and asserted on
type Loose = any;

async function gql(
  query: string,
  variables = {},
  token = sandbox.accessToken,
): Promise<{ status: number; body: Loose }> {
  const res = await fetch(sandbox.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

describe("Shopify sandbox", () => {
  it("answers 401 to a wrong token and 404 to an unknown API version", async () => {
    expect((await gql("{ shop { name } }", {}, "shpat_wrong")).status).toBe(401);
    const res = await fetch(`${sandbox.url}/admin/api/2019-01/graphql.json`, {
      method: "POST",
      headers: { "x-shopify-access-token": sandbox.accessToken },
    });
    expect(res.status).toBe(404);
    expect(SANDBOX_API_VERSION).toMatch(/^\d{4}-(01|04|07|10)$/);
  });

  it("reports the calculated cost and pages with cursors", async () => {
    const query = `query($after: String) { products(first: 12, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { id } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await gql(query, { after });
      expect(body.extensions.cost).toMatchObject({
        requestedQueryCost: 14,
        throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
      });
      ids.push(...body.data.products.nodes.map((n: { id: string }) => n.id));
      if (!body.data.products.pageInfo.hasNextPage) break;
      after = body.data.products.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const { body } = await gql("{ products { nodes { id } } }");
    expect(body.errors[0].message).toBe("you must provide one of first or last");
  });

  it("filters by updated_at", async () => {
    const [first] = sandbox.state.sortedProducts();
    const since = new Date().toISOString();
    await fetch(`${sandbox.url}/__sandbox/products/${first?.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Changed" }),
    });
    const { body } = await gql(
      `{ products(first: 50, query: "updated_at:>'${since}'") { nodes { title } } }`,
    );
    expect(body.data.products.nodes).toEqual([{ title: "Changed" }]);
  });

  it("runs a bulk query to a JSONL file whose children follow their parent with __parentId", async () => {
    const bulkQuery =
      "{ products { edges { node { id title variants { edges { node { id sku } } } } } } }";
    const { body: started } = await gql(
      "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { message } } }",
      { q: bulkQuery },
    );
    expect(started.data.bulkOperationRunQuery.bulkOperation.status).toBe("CREATED");
    let op: { status: string; url: string; objectCount: string; rootObjectCount: string };
    for (;;) {
      op = (await gql("{ currentBulkOperation { status url objectCount rootObjectCount } }")).body
        .data.currentBulkOperation;
      if (op.status === "COMPLETED") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(op.rootObjectCount).toBe("30");
    const lines = (await (await fetch(op.url)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(Number(op.objectCount));
    let parent: string | undefined;
    for (const line of lines) {
      if (line.id.includes("/Product/")) {
        expect(line.__parentId).toBeUndefined();
        parent = line.id;
      } else {
        expect(line).toMatchObject({ __parentId: parent });
        expect(line.id).toContain("/ProductVariant/");
      }
    }
    // Signed URL: a wrong token is refused; a Range request answers 206 from that byte.
    expect((await fetch(op.url.replace(/token=[^&]+/, "token=forged"))).status).toBe(403);
    const part = await fetch(op.url, { headers: { range: "bytes=10-" } });
    expect(part.status).toBe(206);
  });

  it("requires @idempotent on inventoryAdjustQuantities and applies a key once", async () => {
    const variant = sandbox.state.sortedProducts()[3]?.variants[0];
    const before = variant?.available ?? 0;
    const mutation = (directive: string) => `mutation { inventoryAdjustQuantities(input: {
      name: "available", reason: "correction", referenceDocumentUri: "stoflow://test",
      changes: [{ delta: 2, inventoryItemId: "gid://shopify/InventoryItem/${variant?.inventoryItemId}",
        locationId: "gid://shopify/Location/${sandbox.state.location.id}" }] }) ${directive} {
      inventoryAdjustmentGroup { changes { delta quantityAfterChange } } userErrors { code } } }`;
    expect((await gql(mutation(""))).body.errors[0].message).toContain("@idempotent");
    for (let i = 0; i < 2; i++) {
      const { body } = await gql(mutation('@idempotent(key: "5c0e3b1a-key")'));
      expect(body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toEqual([
        { delta: 2, quantityAfterChange: before + 2 },
      ]);
    }
    expect(variant?.available).toBe(before + 2);
  });

  it("delivers webhooks signed with the app secret", async () => {
    const received: { headers: Record<string, unknown>; body: Buffer }[] = [];
    const hook: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const uri = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks`;
    const { body } = await gql(
      `mutation { webhookSubscriptionCreate(topic: PRODUCTS_DELETE, webhookSubscription: { uri: "${uri}", format: JSON }) {
        webhookSubscription { id topic } userErrors { message } } }`,
    );
    expect(body.data.webhookSubscriptionCreate.webhookSubscription.topic).toBe("PRODUCTS_DELETE");
    const gone = sandbox.state.sortedProducts()[4];
    await fetch(`${sandbox.url}/__sandbox/products/${gone?.id}`, { method: "DELETE" });
    for (let i = 0; i < 100 && received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    hook.close();
    const [delivery] = received;
    expect(delivery?.headers).toMatchObject({
      "x-shopify-topic": "products/delete",
      "x-shopify-shop-domain": sandbox.shop,
      "x-shopify-api-version": SANDBOX_API_VERSION,
    });
    expect(delivery?.headers["x-shopify-webhook-id"]).toBeTypeOf("string");
    const expected = createHmac("sha256", sandbox.apiSecret)
      .update(delivery?.body as Buffer)
      .digest();
    const given = Buffer.from(String(delivery?.headers["x-shopify-hmac-sha256"]), "base64");
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    expect(JSON.parse(String(delivery?.body))).toEqual({ id: gone?.id });
  });
});
