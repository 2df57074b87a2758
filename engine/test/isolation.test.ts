import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/http/openapi-document.ts";
import { connectVinted, vintedSession } from "./support/channels.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, PNG } from "./support/products.ts";
import { createKey, join } from "./support/team.ts";

type Method = "get" | "post" | "put" | "patch" | "delete";
interface Op {
  method: Method;
  path: string;
  operationId: string;
  secured: boolean;
}

// How each operation is walked. A new operation fails the test until it is classified here.
const PATH_TARGETS: Record<string, (b: World) => Record<string, string>> = {
  revokeInvitation: (b) => ({ id: b.invitationId }),
  changeMemberRole: (b) => ({ userId: b.memberId }),
  removeMember: (b) => ({ userId: b.memberId }),
  getProduct: (b) => ({ id: b.productId }),
  updateProduct: (b) => ({ id: b.productId }),
  deleteProduct: (b) => ({ id: b.productId }),
  uploadProductImages: (b) => ({ id: b.productId }),
  reorderProductImages: (b) => ({ id: b.productId }),
  deleteProductImage: (b) => ({ id: b.productId, imageId: b.imageId }),
  lintProduct: (b) => ({ id: b.productId }),
  revokeApiKey: (b) => ({ id: b.apiKeyId }),
  updateChannelAccount: (b) => ({ id: b.channelAccountId }),
  disconnectChannelAccount: (b) => ({ id: b.channelAccountId }),
  setRelayMode: (b) => ({ id: b.channelAccountId }),
  publishProduct: (b) => ({ id: b.productId }),
  publishProducts: () => ({}),
  retryListing: (b) => ({ id: b.listingId }),
  delistListing: (b) => ({ id: b.listingId }),
  generateDescription: () => ({}),
  getAiGeneration: (b) => ({ id: b.aiGenerationId }),
  applyAiGeneration: (b) => ({ id: b.aiGenerationId }),
  startAiRun: () => ({}),
  getAiRun: (b) => ({ id: b.aiRunId }),
  aiRunEvents: (b) => ({ id: b.aiRunId }),
  getSource: (b) => ({ id: b.sourceId }),
  startImport: (b) => ({ id: b.sourceId }),
  listImports: (b) => ({ id: b.sourceId }),
  getImport: (b) => ({ id: b.sourceId, runId: b.importRunId }),
  importEvents: (b) => ({ id: b.sourceId, runId: b.importRunId }),
  getSourceMapping: (b) => ({ id: b.sourceId }),
  updateSourceMapping: (b) => ({ id: b.sourceId }),
  disconnectSource: (b) => ({ id: b.sourceId }),
  revokeDevice: (b) => ({ id: b.deviceId }),
};
const BODIES: Record<string, (b: World) => unknown> = {
  changeMemberRole: () => ({ role: "admin" }),
  updateProduct: () => ({ title: "Hijacked" }),
  reorderProductImages: (b) => ({ imageIds: [b.imageId] }),
  updateChannelAccount: () => ({ pacingMaxActions: 1 }),
  setRelayMode: () => ({ enabled: true }),
  publishProduct: () => ({ platforms: ["vinted"] }),
  publishProducts: (b) => ({ productIds: [b.productId], platforms: ["vinted"] }),
  generateDescription: (b) => ({ productId: b.productId }),
  applyAiGeneration: () => ({}),
  startAiRun: (b) => ({ productIds: [b.productId] }),
  startImport: () => ({ kind: "full" }),
  updateSourceMapping: () => ({ attributes: { brand: ["Hijacked"] }, reimport: false }),
};
// Reads whose answers must not mention anything of shop B.
const READS = [
  "me",
  "listMembers",
  "listProducts",
  "exportProducts",
  "listApiKeys",
  "usage",
  "stats",
  "exportAccount",
  "listChannelAccounts",
  "listListings",
  "getAiSettings",
  "listAiPrompts",
  "listSources",
  "listSites",
  "listDevices",
];
const NOT_WALKED: Record<string, string> = {
  signup: "no credentials involved",
  login: "no credentials involved",
  refresh: "token-bound, covered by auth tests",
  logout: "token-bound, covered by auth tests",
  acceptInvitation: "token-bound, covered by team tests",
  inviteMember: "creates in the caller's shop only; no id of another shop to pass",
  createProduct: "creates in the caller's shop only",
  importProducts: "creates in the caller's shop only",
  createApiKey: "creates in the caller's shop only",
  bulkProducts: "walked below with shop B's ids in the body",
  deleteAccount: "acts on the caller's own shop only",
  getMedia: "public by design: unguessable keys, like object-storage URLs",
  listPlans: "public catalogue",
  createPairingCode: "creates in the caller's shop only",
  pairDevice: "no credentials involved; the code decides the shop (pairing tests)",
  uploadVintedSession: "device-token bound: writes the device's shop only (channel-accounts tests)",
  getVintedSession: "device-token bound: reads the device's shop only (channel-accounts tests)",
  unpairDevice: "device-token bound: revokes the calling device only (pairing tests)",
  getRelayStatus: "device-token bound: reads the device's shop only (relay tests)",
  nextRelayAction: "device-token bound: hands out the device's shop's actions only (relay tests)",
  reportRelayOutcome: "device-token bound: another shop's action is not found (relay tests)",
  reportRelayPoll: "device-token bound: another shop's poll is not found (relay-sales tests)",
  listingEvents: "endless stream, filtered by the caller's shop (pipeline API tests)",
  listAiGenerations: "needs a product id; another shop's lists nothing (ai-api tests)",
  updateAiSettings: "acts on the caller's shop only",
  updateAiPrompt: "acts on the caller's shop only",
  resetAiPrompt: "acts on the caller's shop only",
  connectWooCommerce: "creates in the caller's shop only",
  authorizeWooCommerce: "signs a request for the caller's shop only",
  wooCommerceCallback: "no credentials; the signed user_id decides the shop (sources tests)",
  connectShopify: "creates in the caller's shop only",
  installShopifyApp:
    "app-credential bound; the shop the app authenticated decides (shopify-app tests)",
  openShopifyAppSession:
    "app-credential bound; the token is the linked shop's only (shopify-app tests)",
  linkShopifyApp:
    "app-credential bound; the pairing code decides the shop it joins (shopify-app tests)",
  uninstallShopifyApp:
    "app-credential bound; acts on the named shop's link only (shopify-app tests)",
  handleShopifyCompliance: "app-credential bound; acts on the named shop only (shopify-app tests)",
  deliverSourceWebhook: "shop-signed; verified with the path's source secret (sources tests)",
  createSiteToken: "creates in the caller's shop only",
  revokeSite: "another shop's site answers 404 (woo-plugin-site tests)",
  getSite: "site-token bound: reads the site's own shop only (woo-plugin-site tests)",
  authorizeSiteStore: "site-token bound: signs a request for the site's shop only",
  siteStoreCallback: "no credentials; the signed user_id decides the shop (woo-plugin-site tests)",
  createSitePairingCode: "site-token bound: creates in the site's shop only",
  disconnectSite: "site-token bound: revokes the calling site only (woo-plugin-site tests)",
  listSiteProducts: "site-token bound: the site's own source only (woo-plugin-site tests)",
  getSiteProduct: "site-token bound: the site's own source only (woo-plugin-site tests)",
  publishSiteProducts: "site-token bound: the site's own source only",
  publishSiteProduct: "site-token bound: the site's own source only",
  delistSiteProduct: "site-token bound: the site's own source only",
  generateSiteProductTexts: "site-token bound: the site's own source only",
  getSiteAiGeneration: "site-token bound: generations of the site's own source only",
};

interface World {
  owner: SignedUp;
  productId: string;
  sku: string;
  imageId: string;
  apiKeyId: string;
  invitationId: string;
  memberId: string;
  memberEmail: string;
  channelAccountId: string;
  vintedUsername: string;
  deviceId: string;
  listingId: string;
  aiGenerationId: string;
  aiRunId: string;
  sourceId: string;
  importRunId: string;
}

async function buildShop(engine: TestEngine, name: string): Promise<World> {
  const owner = await signUp(engine, name);
  await setPlan(engine, owner.tenantId, "business");
  const sku = `SKU-${name}`;
  const product = await createProduct(engine, owner.accessToken, { sku, title: `Veste ${name}` });
  const upload = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
    token: owner.accessToken,
    rawBody: imageForm({ data: PNG, name: "p.png", type: "image/png" }),
  });
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  const key = await createKey(engine, owner, `key of ${name}`);
  const member = await join(engine, owner, "member");
  const invitation = await request(engine, "POST", "/api/v1/members/invitations", {
    token: owner.accessToken,
    body: { email: `pending-${name}@example.test`, role: "member" },
  });
  const vintedUsername = `vinted-${name}`;
  const vinted = await connectVinted(engine, owner, vintedSession({ username: vintedUsername }));
  const { rows: device } = await engine.database.pool.query(
    "SELECT id FROM devices WHERE tenant_id = $1",
    [owner.tenantId],
  );
  const images = upload.body.images ?? upload.body;
  const { rows: listing } = await engine.database.pool.query(
    `INSERT INTO ${tenantSchema(owner.tenantId)}.listings (product_id, channel_account_id, platform, state)
     VALUES ($1, $2, 'vinted', 'error') RETURNING id`,
    [product.id, vinted.account.id],
  );
  const generation = await request(engine, "POST", "/api/v1/ai/generate-description", {
    token: owner.accessToken,
    body: { productId: product.id },
  });
  expect(generation.status, JSON.stringify(generation.body)).toBe(200);
  const run = await request(engine, "POST", "/api/v1/ai/runs", {
    token: owner.accessToken,
    body: { productIds: [product.id] },
  });
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  // The run works in the background: let it finish before shop B's state is read.
  for (let i = 0; i < 100; i++) {
    const now = await request(engine, "GET", `/api/v1/ai/runs/${run.body.id}`, {
      token: owner.accessToken,
    });
    if (now.body.status === "finished") break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { rows: source } = await engine.database.pool.query(
    `INSERT INTO ${tenantSchema(owner.tenantId)}.catalog_sources (kind, label, base_url)
     VALUES ('woocommerce', $1, $2) RETURNING id`,
    [`Shop ${name}`, `https://${name.toLowerCase()}.example`],
  );
  const { rows: importRun } = await engine.database.pool.query(
    `INSERT INTO ${tenantSchema(owner.tenantId)}.import_runs (source_id, kind, status)
     VALUES ($1, 'full', 'succeeded') RETURNING id`,
    [source[0].id],
  );
  return {
    owner,
    productId: product.id,
    sku,
    imageId: (Array.isArray(images) ? images : images.images)[0].id,
    apiKeyId: key.id,
    invitationId: invitation.body.id,
    memberId: member.userId,
    memberEmail: member.email,
    channelAccountId: vinted.account.id,
    vintedUsername,
    deviceId: device[0].id,
    listingId: listing[0].id,
    aiGenerationId: generation.body.id,
    aiRunId: run.body.id,
    sourceId: source[0].id,
    importRunId: importRun[0].id,
  };
}

/** Every row of shop B: its tenant schema and its control-plane rows. */
async function shopState(engine: TestEngine, tenantId: number): Promise<string> {
  const pool = engine.database.pool;
  const schema = tenantSchema(tenantId);
  const { rows: tables } = await pool.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
    [schema],
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${schema}"."${name}" t`,
    );
    parts.push(`${name}:${rows[0].h}`);
  }
  for (const table of ["memberships", "api_keys", "invitations", "subscriptions", "devices"]) {
    const { rows } = await pool.query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM public.${table} t WHERE tenant_id = $1`,
      [tenantId],
    );
    parts.push(`${table}:${rows[0].h}`);
  }
  return parts.join("\n");
}

describe("tenant isolation across every operation", () => {
  let engine: TestEngine;
  let a: World;
  let b: World;
  let aKey: string;
  let ops: Op[];
  beforeAll(async () => {
    engine = await startTestEngine();
    a = await buildShop(engine, "Alpha");
    b = await buildShop(engine, "Bravo");
    aKey = (await createKey(engine, a.owner, "walker")).key;
    const doc = openApiDocument() as unknown as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, o]) => ({
        method: method as Method,
        path,
        operationId: o.operationId,
        secured: (o.security?.length ?? 0) > 0,
      })),
    );
  });
  afterAll(() => engine.close());

  it("classifies every operation of the OpenAPI document", () => {
    const known = new Set([...Object.keys(PATH_TARGETS), ...READS, ...Object.keys(NOT_WALKED)]);
    expect(ops.map((o) => o.operationId).filter((id) => !known.has(id))).toEqual([]);
  });

  it("gives shop A a 404 for every resource of shop B, by token and by API key, and changes nothing of B", async () => {
    const before = await shopState(engine, b.owner.tenantId);
    for (const op of ops.filter((o) => PATH_TARGETS[o.operationId])) {
      const params = PATH_TARGETS[op.operationId]?.(b) ?? {};
      const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => params[n] ?? "");
      const body = BODIES[op.operationId]?.(b);
      const form = op.operationId === "uploadProductImages";
      for (const [who, token] of [
        ["token", a.owner.accessToken],
        ["api key", aKey],
      ] as const) {
        const res = await request(engine, op.method.toUpperCase(), path, {
          token,
          ...(form ? { rawBody: imageForm({ data: PNG, name: "x.png", type: "image/png" }) } : {}),
          ...(body !== undefined ? { body } : {}),
        });
        const allowed = who === "token" ? [404] : [403, 404]; // keys may not manage keys or teams
        expect(
          allowed,
          `${op.operationId} by ${who}: ${res.status} ${JSON.stringify(res.body)}`,
        ).toContain(res.status);
      }
    }
    for (const action of [
      { action: "delete" },
      { action: "setPrice", price: 1 },
      { action: "setStatus", status: "archived" },
    ]) {
      const res = await request(engine, "POST", "/api/v1/products/bulk", {
        token: a.owner.accessToken,
        body: { ...action, ids: [b.productId] },
      });
      expect(res.status).toBe(200);
      expect(res.body.affected).toBe(0);
    }
    expect(await shopState(engine, b.owner.tenantId)).toBe(before);
    const still = await request(engine, "GET", `/api/v1/products/${b.productId}`, {
      token: b.owner.accessToken,
    });
    expect(still.status).toBe(200);
    expect(still.body.title).toBe("Veste Bravo");
  });

  it("never shows shop B's data in shop A's reads", async () => {
    const secrets = [
      b.productId,
      b.sku,
      "Veste Bravo",
      "Bravo",
      b.apiKeyId,
      b.invitationId,
      b.memberId,
      b.memberEmail,
      b.owner.email,
      b.channelAccountId,
      b.vintedUsername,
      b.deviceId,
      b.sourceId,
    ];
    for (const op of ops.filter((o) => READS.includes(o.operationId))) {
      for (const token of [a.owner.accessToken, aKey]) {
        const res = await request(engine, "GET", op.path, { token });
        if (res.status === 403) continue; // an API key may not export the account
        expect(res.status, `${op.operationId}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(
          200,
        );
        const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
        for (const secret of secrets)
          expect(text, `${op.operationId} leaks ${secret}`).not.toContain(secret);
      }
    }
  });
});
