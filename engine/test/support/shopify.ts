// A Shopify sandbox, the engine over a fresh database and a signed-up shop whose Shopify
// source points at the sandbox: what the shopify-*.test.ts files share.
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { createLogger } from "../../src/logger.ts";
import type { PipelineSettings } from "../../src/pipeline/settings.ts";
import { seedCatalog } from "../../src/sandbox/shopify/catalog.ts";
import {
  type ShopifySandbox,
  type ShopifySandboxOptions,
  startShopifySandbox,
} from "../../src/sandbox/shopify/server.ts";
import { startVintedSandbox, type VintedSandbox } from "../../src/sandbox/vinted/server.ts";
import { type ImportDeps, runImport } from "../../src/sources/import-run.ts";
import { sourceRegistry } from "../../src/sources/registry.ts";
import type { BulkOptions } from "../../src/sources/shopify/bulk-import.ts";
import { createShopifySource } from "../../src/sources/shopify/index.ts";
import type { Source } from "../../src/sources/source.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./engine.ts";
import { until } from "./sandbox-flow.ts";

export interface ShopifyFlow {
  sandbox: ShopifySandbox;
  engine: TestEngine;
  shop: SignedUp;
  source: Source;
  sourceId: string;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
  control(method: string, path: string, body?: unknown): Promise<any>;
  importDeps(): ImportDeps;
  runImport(options?: Parameters<typeof runImport>[3]): ReturnType<typeof runImport>;
  close(): Promise<void>;
}

export async function startShopifyFlow(
  options: {
    sandbox?: ShopifySandboxOptions;
    bulk?: Partial<BulkOptions>;
    publishing?: Partial<PipelineSettings>;
    env?: Record<string, string>;
  } = {},
): Promise<ShopifyFlow> {
  const sandbox = await startShopifySandbox(options.sandbox);
  const engine = await startTestEngine(options.env ?? {}, { publishing: options.publishing ?? {} });
  const shop = await signUp(engine);
  await setPlan(engine, shop.tenantId, "premium"); // no product limit: catalogs of any size
  const source = createShopifySource({
    apiSecret: sandbox.apiSecret,
    baseUrlFor: () => sandbox.url,
    bulk: { pollIntervalMs: 50, ...options.bulk },
  });
  const sourceId = await withTenant(engine.ctx.database.db, shop.tenantId, async (tx) => {
    const [row] = await tx
      .insert(tenant.catalogSources)
      .values({
        kind: "shopify",
        label: "Sandbox shop",
        baseUrl: sandbox.shop,
        credentialsCiphertext: await engine.ctx.vault.encrypt(
          shop.tenantId,
          JSON.stringify({ accessToken: sandbox.accessToken }),
        ),
      })
      .returning({ id: tenant.catalogSources.id });
    await tx.insert(tenant.sourceStates).values({ sourceId: row?.id as string, currency: "EUR" });
    return row?.id as string;
  });
  const importDeps = (): ImportDeps => {
    const requester = engine.ctx.publishing?.requester;
    if (!requester) throw new Error("the pipeline is not running");
    return {
      db: engine.ctx.database.db,
      pool: engine.ctx.database.pool,
      vault: engine.ctx.vault,
      sources: sourceRegistry([source]),
      requester,
      log: createLogger(engine.ctx.config),
    };
  };
  return {
    sandbox,
    engine,
    shop,
    source,
    sourceId,
    async control(method, path, body) {
      const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.status === 204 ? null : res.json();
    },
    importDeps,
    runImport: (runOptions) => runImport(importDeps(), shop.tenantId, sourceId, runOptions),
    async close() {
      await engine.close();
      await sandbox.close();
    },
  };
}

/** The products a source imported, keyed by shop id, with their variants and images. */
export async function importedProducts(flow: Pick<ShopifyFlow, "engine" | "shop" | "sourceId">) {
  return withTenant(flow.engine.ctx.database.db, flow.shop.tenantId, async (tx) => {
    const products = await tx
      .select()
      .from(tenant.products)
      .where(eq(tenant.products.sourceId, flow.sourceId));
    const variants = await tx.select().from(tenant.productVariants);
    const images = await tx.select().from(tenant.productImages);
    const group = <T extends { productId: string; position: number }>(rows: T[]) => {
      const by = new Map<string, T[]>();
      for (const row of rows) by.set(row.productId, [...(by.get(row.productId) ?? []), row]);
      for (const list of by.values()) list.sort((a, b) => a.position - b.position);
      return by;
    };
    const variantsOf = group(variants);
    const imagesOf = group(images);
    return products.map((p) => ({
      ...p,
      variants: variantsOf.get(p.id) ?? [],
      images: imagesOf.get(p.id) ?? [],
    }));
  });
}

export interface ConnectedShopify {
  sandbox: ShopifySandbox;
  vinted: VintedSandbox | undefined;
  engine: TestEngine;
  shop: SignedUp;
  sourceId: string;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** The Stoflow product bound to a shop product id. */
  productOf(
    shopProductId: number,
  ): Promise<Awaited<ReturnType<typeof importedProducts>>[number] | undefined>;
  close(): Promise<void>;
}

/**
 * A Shopify sandbox with `products` seeded, the engine wired to it (and to a Vinted sandbox
 * when asked) with its workers, a shop that connected the Shopify shop through the API, and
 * the first import finished.
 */
export async function connectedShopify(
  options: { products?: number; vinted?: boolean } = {},
): Promise<ConnectedShopify> {
  const sandbox = await startShopifySandbox({ webhookRetryDelaysMs: [200, 500, 1000] });
  if (options.products)
    seedCatalog(sandbox.state, { count: options.products, seed: 5, imageBase: sandbox.url });
  const vinted = options.vinted ? await startVintedSandbox() : undefined;
  const engine = await startTestEngine(
    {
      STOFLOW_SHOPIFY_URL: sandbox.url,
      SHOPIFY_API_SECRET: sandbox.apiSecret,
      ...(vinted ? { STOFLOW_VINTED_URL: vinted.url } : {}),
    },
    { publishing: {} },
  );
  const shop = await signUp(engine);
  await setPlan(engine, shop.tenantId, "premium"); // no product limit: catalogs of any size
  const res = await request(engine, "POST", "/api/v1/sources/shopify/connect", {
    token: shop.accessToken,
    body: { shop: sandbox.shop, accessToken: sandbox.accessToken },
  });
  if (res.status !== 201)
    throw new Error(`connect failed: ${res.status} ${JSON.stringify(res.body)}`);
  const sourceId: string = res.body.id;
  const done = await until(
    () => request(engine, "GET", `/api/v1/sources/${sourceId}`, { token: shop.accessToken }),
    (r) => r.body.lastImport?.status === "succeeded",
    60_000,
  );
  if (done.body.lastImport?.status !== "succeeded") {
    throw new Error(`first import did not finish: ${JSON.stringify(done.body)}`);
  }
  const flow: ConnectedShopify = {
    sandbox,
    vinted,
    engine,
    shop,
    sourceId,
    async control(method, path, body) {
      const r = await fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return r.status === 204 ? null : r.json();
    },
    async productOf(shopProductId) {
      const rows = await importedProducts({ engine, shop, sourceId });
      return rows.find((r) => r.sourceRef === String(shopProductId));
    },
    async close() {
      await engine.close();
      await sandbox.close();
      await vinted?.close();
    },
  };
  return flow;
}
