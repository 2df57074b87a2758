// Linking an installed Shopify shop to the seller's existing Stoflow account with one of its
// pairing codes, over HTTP against the Shopify sandbox: the shop moves there and is imported,
// the account the install made stops syncing; codes are single-use; shop/redact later only
// unlinks the seller's own account instead of erasing it.

import { getTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "../src/sandbox/shopify/catalog.ts";
import { type ShopifySandbox, startShopifySandbox } from "../src/sandbox/shopify/server.ts";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";

const CREDENTIAL = "test-app-credential-link-0123456789abcdef";
let sandbox: ShopifySandbox;
let engine: TestEngine;
let seller: SignedUp;
let madeTenantId: number;

const app = (path: string, body: unknown) =>
  request(engine, "POST", `/api/v1/apps/shopify/${path}`, {
    body,
    headers: { "x-stoflow-app-credential": CREDENTIAL },
  });

const pairingCode = async () =>
  (await request(engine, "POST", "/api/v1/channels/pairing-codes", { token: seller.accessToken }))
    .body.code as string;

beforeAll(async () => {
  sandbox = await startShopifySandbox();
  seedCatalog(sandbox.state, { count: 4, seed: 7, imageBase: sandbox.url });
  engine = await startTestEngine(
    {
      STOFLOW_SHOPIFY_URL: sandbox.url,
      SHOPIFY_API_SECRET: sandbox.apiSecret,
      STOFLOW_SHOPIFY_APP_CREDENTIAL: CREDENTIAL,
    },
    { publishing: {} },
  );
  seller = await signUp(engine, "Atelier déjà client");
  const installed = await app("install", {
    shop: sandbox.shop,
    accessToken: sandbox.accessToken,
    shopName: "Made by install",
  });
  madeTenantId = installed.body.tenantId;
  // The seller links later, by hand: the install's own import has finished by then.
  const { accessToken } = (await app("session", { shop: sandbox.shop })).body;
  await until(
    () => request(engine, "GET", "/api/v1/sources", { token: accessToken }),
    (r) => r.body.items[0]?.lastImport?.status === "succeeded",
    60_000,
  );
}, 90_000);
afterAll(async () => {
  await engine?.close();
  await sandbox?.close();
});

describe("linking a shop to an existing account", () => {
  it("refuses a wrong code and leaves the shop where it is", async () => {
    const res = await app("link", {
      shop: sandbox.shop,
      accessToken: sandbox.accessToken,
      code: "WRNG-CODE",
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toContain("link-code-invalid");
    const session = await app("session", { shop: sandbox.shop });
    expect(session.body.tenantId).toBe(madeTenantId);
  });

  it("moves the shop to the account of the code, imports it there, stops the made one", async () => {
    const code = await pairingCode();
    const res = await app("link", { shop: sandbox.shop, accessToken: sandbox.accessToken, code });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: seller.tenantId, previousTenantId: madeTenantId });
    const session = await app("session", { shop: sandbox.shop });
    expect(session.body.tenantId).toBe(seller.tenantId);
    const done = await until(
      () => request(engine, "GET", "/api/v1/products", { token: seller.accessToken }),
      (r) => r.body.total === 4,
      60_000,
    );
    expect(done.body.total).toBe(4);
    const { rows } = await engine.database.pool.query(
      `SELECT status, credentials_ciphertext IS NULL AS erased FROM tenant_${madeTenantId}.catalog_sources`,
    );
    expect(rows).toEqual([{ status: "disconnected", erased: true }]);
    // Spent: the same code links nothing a second time.
    const again = await app("link", { shop: sandbox.shop, accessToken: sandbox.accessToken, code });
    expect(again.status).toBe(400);
  });

  it("only unlinks the seller's own account on shop/redact after uninstall", async () => {
    await app("uninstall", { shop: sandbox.shop });
    const res = await app("compliance", {
      webhookId: "wh-link-redact",
      shop: sandbox.shop,
      topic: "shop/redact",
    });
    expect(res.body.outcome.action).toBe("unlinked");
    expect(await getTenant(engine.database.pool, seller.tenantId)).toBeDefined();
    const mine = await request(engine, "GET", "/api/v1/products", { token: seller.accessToken });
    expect(mine.body.total).toBe(4);
    expect((await app("session", { shop: sandbox.shop })).status).toBe(404);
  });
});
