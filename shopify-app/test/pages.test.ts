// The embedded pages' loaders and actions, called as Remix calls them with requests signed
// as Shopify admin signs them, against a real engine and the Shopify sandbox. The first page
// load of a shop the engine does not know installs it: tenant linked, import started.
import { control } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../engine/test/support/sandbox-flow.ts";
import { adminDocument, adminPost, args, storeOfflineSession } from "./support/requests.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let app: typeof import("../app/shopify.server");
beforeAll(async () => {
  stack = await startStack({ products: 8 });
  app = await import("../app/shopify.server");
  await storeOfflineSession(stack, app.sessionStorage);
});
afterAll(async () => {
  await app?.sessionStorage.disconnect();
  await stack?.close();
});

const linkOf = async () =>
  (
    await stack.engine.ctx.database.db
      .select()
      .from(control.shopifyAppShops)
      .where(eq(control.shopifyAppShops.shop, stack.sandbox.shop))
  )[0];

// Loaders answer plain objects (single fetch); the tests read them loosely.
// biome-ignore lint/suspicious/noExplicitAny: as above
const load = async (route: Promise<any>, path: string, params = {}) =>
  (await route).loader(args(await adminDocument(stack, path), params));
// biome-ignore lint/suspicious/noExplicitAny: as above
const post = async (route: Promise<any>, path: string, fields: Record<string, any>, params = {}) =>
  (await route).action(args(await adminPost(stack, path, fields), params));

describe("embedded pages", () => {
  it("installs on the first page load: tenant linked, token handed over, import started", async () => {
    expect(await linkOf()).toBeUndefined();
    const home = await load(import("../app/routes/app._index"), "/app?locale=fr");
    const link = await linkOf();
    expect(link?.sourceId).toBeTruthy();
    expect(home.source).toMatchObject({ kind: "shopify", baseUrl: stack.sandbox.shop });
    expect(home.source.lastImport).not.toBeNull();
    expect(home.vinted).toBeNull();
    // The engine registered the catalog webhooks at the shop, pointed at itself.
    const uris = [...stack.sandbox.webhooks.subscriptions.values()].map((s) => s.uri);
    expect(uris.every((u) => u.startsWith(stack.engine.url))).toBe(true);
    expect(uris.length).toBeGreaterThan(0);
    const imported = await until(
      () => load(import("../app/routes/app.products._index"), "/app/products"),
      (page) => page.importRun?.status === "succeeded",
      60_000,
    );
    expect(imported.total).toBe(8);
    expect(imported.items[0].listings).toEqual([]);
  });

  it("links the same tenant again through the afterAuth install", async () => {
    const before = await linkOf();
    const { installShop } = await import("../app/stoflow/install.server");
    const session = await app.sessionStorage.loadSession(`offline_${stack.sandbox.shop}`);
    const again = await installShop(session as never, "en");
    expect(again).toMatchObject({ created: false, tenantId: before?.tenantId });
  });

  it("shows a product with its lint, AI texts and preview data, and writes texts", async () => {
    const list = await load(import("../app/routes/app.products._index"), "/app/products");
    const id = list.items[0].id;
    const route = import("../app/routes/app.products.$id");
    const detail = await load(route, `/app/products/${id}`, { id });
    expect(detail.product.id).toBe(id);
    expect(detail.lint.platform).toBe("vinted");
    expect(typeof detail.lint.ready).toBe("boolean");
    expect(detail.generation).toBeNull();
    const written = await post(route, `/app/products/${id}`, { intent: "generate" }, { id });
    expect(written).toEqual({ ok: true, applied: false });
    const after = await until(
      () => load(route, `/app/products/${id}`, { id }),
      (d) => d.generation && d.generation.status !== "pending",
      30_000,
    );
    expect(after.generation.texts.vinted.title.length).toBeGreaterThan(0);
  });

  it("answers product actions with the engine's readable refusal (no Vinted account yet)", async () => {
    const list = await load(import("../app/routes/app.products._index"), "/app/products");
    const route = import("../app/routes/app.products._index");
    const publish = await post(route, "/app/products", {
      intent: "publish",
      id: [list.items[0].id],
    });
    expect(publish.ok).toBe(false);
    expect(publish.error).toMatch(/vinted/i);
    const ai = await post(route, "/app/products", {
      intent: "ai",
      id: list.items.slice(0, 2).map((i: { id: string }) => i.id),
    });
    expect(ai).toEqual({ ok: true, intent: "ai", count: 2 });
    const empty = await post(route, "/app/products", { intent: "publish" });
    expect(empty.ok).toBe(false);
  });

  it("gives a pairing code, starts an import again, saves settings, reads plan and usage", async () => {
    const connections = import("../app/routes/app.connections");
    const pairing = await post(connections, "/app/connections", { intent: "pair" });
    expect(pairing.pairing.code).toMatch(/\w{4,}/);
    const reimport = await post(connections, "/app/connections", { intent: "import" });
    expect(reimport).toMatchObject({ ok: true, imported: true });

    const settings = import("../app/routes/app.settings");
    const saved = await post(settings, "/app/settings", {
      tone: "professional",
      length: "short",
      language: "en",
    });
    expect(saved).toEqual({ ok: true, linked: false });
    const read = await load(settings, "/app/settings");
    expect(read.settings).toMatchObject({ tone: "professional", length: "short", emoji: false });

    const plan = await load(import("../app/routes/app.plan"), "/app/plan");
    expect(plan.usage.products.used).toBe(8);
    expect(plan.plans.length).toBeGreaterThan(0);
  });

  it("refuses a page load without a valid session token", async () => {
    const { loader } = await import("../app/routes/app._index");
    const forged = new URL((await adminDocument(stack, "/app")).url);
    forged.searchParams.set("id_token", `${forged.searchParams.get("id_token")}x`);
    const answer = await loader(args(new Request(forged)) as never).catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(Response);
    expect((answer as Response).status).toBeGreaterThanOrEqual(300);
  });
});

describe("linking to an existing Stoflow account", () => {
  it("moves the shop to the account whose pairing code the seller typed", async () => {
    const { signUp } = await import("../../engine/test/support/engine.ts");
    const seller = await signUp(stack.engine, "Atelier déjà client");
    const settings = import("../app/routes/app.settings");
    const wrong = await post(settings, "/app/settings", { intent: "link", code: "NOPE-NOPE" });
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toMatch(/code/i);
    const pairing = await fetch(`${stack.engine.url}/api/v1/channels/pairing-codes`, {
      method: "POST",
      headers: { authorization: `Bearer ${seller.accessToken}` },
    });
    const { code } = await pairing.json();
    const linked = await post(settings, "/app/settings", { intent: "link", code });
    expect(linked).toEqual({ ok: true, linked: true });
    const read = await load(settings, "/app/settings");
    expect(read.shopName).toBe("Atelier déjà client");
    expect((await linkOf())?.tenantId).toBe(seller.tenantId);
  });
});
