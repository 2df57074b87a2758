// A Shopify sandbox, the engine over a fresh database and a signed-up shop whose Shopify
// source points at the sandbox: what the shopify-*.test.ts files share.
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { createLogger } from "../../src/logger.ts";
import type { PipelineSettings } from "../../src/pipeline/settings.ts";
import {
  type ShopifySandbox,
  type ShopifySandboxOptions,
  startShopifySandbox,
} from "../../src/sandbox/shopify/server.ts";
import { type ImportDeps, runImport } from "../../src/sources/import-run.ts";
import { sourceRegistry } from "../../src/sources/registry.ts";
import type { BulkOptions } from "../../src/sources/shopify/bulk-import.ts";
import { createShopifySource } from "../../src/sources/shopify/index.ts";
import type { Source } from "../../src/sources/source.ts";
import { type SignedUp, signUp, startTestEngine, type TestEngine } from "./engine.ts";

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
export async function importedProducts(flow: ShopifyFlow) {
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
