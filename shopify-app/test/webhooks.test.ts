// The app's webhooks with real HMAC-SHA256 signatures over the raw body: forged deliveries
// are refused before anything runs, app/uninstalled unlinks the shop, the compliance topics
// are carried out once by the engine, and a replayed delivery (same X-Shopify-Webhook-Id)
// gets the first outcome instead of running again.
import { control, getTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { args, storeOfflineSession, webhook } from "./support/requests.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let app: typeof import("../app/shopify.server");
let tenantId: number;
beforeAll(async () => {
  stack = await startStack({ products: 3 });
  app = await import("../app/shopify.server");
  const session = await storeOfflineSession(stack, app.sessionStorage);
  const { installShop } = await import("../app/stoflow/install.server");
  tenantId = (await installShop(session)).tenantId;
});
afterAll(async () => {
  await app?.sessionStorage.disconnect();
  await stack?.close();
});

/** The route's answer; authenticate.webhook throws its refusals as Responses. */
async function deliver(route: string, request: Request): Promise<number> {
  const { action } = await import(`../app/routes/webhooks.${route}.tsx`);
  try {
    return ((await action(args(request))) as Response).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const ledger = () =>
  stack.engine.ctx.database.db
    .select()
    .from(control.shopifyComplianceRequests)
    .orderBy(control.shopifyComplianceRequests.receivedAt);

const source = async () => {
  const { rows } = await stack.engine.database.pool.query(
    `SELECT status, credentials_ciphertext IS NULL AS erased FROM tenant_${tenantId}.catalog_sources`,
  );
  return rows[0];
};

describe("webhooks", () => {
  it("refuses forged, tampered and unsigned deliveries with 401 and does nothing", async () => {
    const payload = { shop_domain: stack.sandbox.shop, customer: { id: 1, email: "a@b.c" } };
    const forged = webhook(stack, "customers/data_request", payload, { secret: "not-the-secret" });
    expect(await deliver("customers.data_request", forged)).toBe(401);

    const signed = webhook(stack, "customers/redact", payload);
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify({ ...payload, customer: { id: 2 } }),
    });
    expect(await deliver("customers.redact", tampered)).toBe(401);

    const unsigned = webhook(stack, "app/uninstalled", {});
    unsigned.headers.delete("x-shopify-hmac-sha256");
    expect(await deliver("app.uninstalled", unsigned)).toBeGreaterThanOrEqual(400);

    expect(await ledger()).toEqual([]);
    expect(await source()).toEqual({ status: "connected", erased: false });
    expect(await app.sessionStorage.findSessionsByShop(stack.sandbox.shop)).toHaveLength(1);
  });

  it("answers customers/data_request and customers/redact: no customer data is held", async () => {
    const payload = {
      shop_id: 1,
      shop_domain: stack.sandbox.shop,
      customer: { id: 191167, email: "john@example.com" },
      orders_requested: [299938],
    };
    const request = webhook(stack, "customers/data_request", payload, { webhookId: "wh-data" });
    expect(await deliver("customers.data_request", request)).toBe(200);
    const redact = webhook(stack, "customers/redact", payload, { webhookId: "wh-cust" });
    expect(await deliver("customers.redact", redact)).toBe(200);
    expect(
      (await ledger()).map((r) => [r.webhookId, r.topic, (r.outcome as { action: string }).action]),
    ).toEqual([
      ["wh-data", "customers/data_request", "nothing_held"],
      ["wh-cust", "customers/redact", "nothing_held"],
    ]);
  });

  it("keeps an installed shop on shop/redact, and a replay of it later does not erase", async () => {
    const first = webhook(
      stack,
      "shop/redact",
      { shop_domain: stack.sandbox.shop },
      {
        webhookId: "wh-shop-early",
      },
    );
    expect(await deliver("shop.redact", first)).toBe(200);
    expect(await getTenant(stack.engine.database.pool, tenantId)).toBeDefined();
    // Uninstalled afterwards: the same delivery again (a retry) must not act a second time.
    const uninstall = webhook(stack, "app/uninstalled", { id: 1, domain: stack.sandbox.shop });
    expect(await deliver("app.uninstalled", uninstall)).toBe(200);
    const replay = webhook(
      stack,
      "shop/redact",
      { shop_domain: stack.sandbox.shop },
      {
        webhookId: "wh-shop-early",
      },
    );
    expect(await deliver("shop.redact", replay)).toBe(200);
    expect(await getTenant(stack.engine.database.pool, tenantId)).toBeDefined();
    const rows = (await ledger()).filter((r) => r.webhookId === "wh-shop-early");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toMatchObject({ action: "kept_installed" });
  });

  it("uninstall erased the token, stopped syncing and dropped the sessions", async () => {
    expect(await source()).toEqual({ status: "disconnected", erased: true });
    expect(await app.sessionStorage.findSessionsByShop(stack.sandbox.shop)).toEqual([]);
    // Shopify retries app/uninstalled: a second delivery is fine.
    const again = webhook(stack, "app/uninstalled", { id: 1, domain: stack.sandbox.shop });
    expect(await deliver("app.uninstalled", again)).toBe(200);
  });

  it("erases the shop's Stoflow data on shop/redact 48 hours after uninstall", async () => {
    const redact = webhook(
      stack,
      "shop/redact",
      { shop_domain: stack.sandbox.shop },
      {
        webhookId: "wh-shop-late",
      },
    );
    expect(await deliver("shop.redact", redact)).toBe(200);
    expect(await getTenant(stack.engine.database.pool, tenantId)).toBeUndefined();
    const { rows } = await stack.engine.database.pool.query(
      "SELECT count(*)::int AS n FROM shopify_app_shops",
    );
    expect(rows[0].n).toBe(0);
    const late = (await ledger()).find((r) => r.webhookId === "wh-shop-late");
    expect(late?.outcome).toMatchObject({ action: "erased" });
  });
});
