// A WooCommerce sandbox and the engine (with its workers) over a fresh database, one shop
// signed up: what source tests need to connect a store, import it and read the result.
import { tenantSchema } from "@stoflow/db";
import { expect } from "vitest";
import {
  startWooSandbox,
  type WooSandbox,
  type WooSandboxOptions,
} from "../../src/sandbox/woocommerce/server.ts";
import type { WcProduct, WcVariation } from "../../src/sandbox/woocommerce/types.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./engine.ts";
import { until } from "./sandbox-flow.ts";

export interface WooFlow {
  woo: WooSandbox;
  engine: TestEngine;
  shop: SignedUp;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** Connects the sandbox store with its seeded key; returns the source id and first run id. */
  connect(): Promise<{ sourceId: string; runId: string }>;
  /** Waits until the run is no longer running; returns its progress. */
  // biome-ignore lint/suspicious/noExplicitAny: API answers are read loosely
  finished(sourceId: string, runId: string, ms?: number): Promise<any>;
  close(): Promise<void>;
}

export async function wooControl(woo: WooSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${woo.url}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`woo sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

export function wooFlowOn(woo: WooSandbox, engine: TestEngine, shop: SignedUp): WooFlow {
  const flow: WooFlow = {
    woo,
    engine,
    shop,
    control: (method, path, body) => wooControl(woo, method, path, body),
    async connect() {
      const res = await request(engine, "POST", "/api/v1/sources/woocommerce", {
        token: shop.accessToken,
        body: {
          storeUrl: woo.url,
          consumerKey: woo.key?.consumerKey,
          consumerSecret: woo.key?.consumerSecret,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { sourceId: res.body.id, runId: res.body.lastImport.runId };
    },
    async finished(sourceId, runId, ms = 120_000) {
      const read = async () =>
        (
          await request(engine, "GET", `/api/v1/sources/${sourceId}/imports/${runId}`, {
            token: shop.accessToken,
          })
        ).body;
      return until(read, (p) => p.status !== "running", ms);
    },
    async close() {
      await engine.close();
      await woo.close();
    },
  };
  return flow;
}

export async function startWooFlow(options: WooSandboxOptions = {}): Promise<WooFlow> {
  const woo = await startWooSandbox({ webhookRetryDelayMs: 100, ...options });
  const engine = await startTestEngine({ LOG_LEVEL: "error" }, { publishing: {} });
  const shop = await signUp(engine, "Boutique Woo");
  await setPlan(engine, shop.tenantId, "business");
  return wooFlowOn(woo, engine, shop);
}

export interface StoredProduct {
  id: string;
  source_ref: string;
  sku: string | null;
  title: string;
  description: string;
  brand: string | null;
  category: string | null;
  size: string | null;
  colors: string[];
  condition: string | null;
  material: string | null;
  price: string;
  currency: string;
  quantity: number;
  status: string;
  source_updated_at: Date;
  images: { url: string; alt: string | null; position: number }[];
  variants: {
    sku: string | null;
    size: string | null;
    price: string | null;
    quantity: number;
    source_ref: string;
  }[];
}

/** Every product of the shop imported from `sourceId`, with images and variants. */
export async function storedProducts(
  engine: TestEngine,
  tenantId: number,
): Promise<StoredProduct[]> {
  const s = tenantSchema(tenantId);
  const { rows } = await engine.database.pool.query<StoredProduct>(`
    SELECT p.id, p.source_ref, p.sku, p.title, p.description, p.brand, p.category, p.size, p.colors,
      p.condition, p.material, p.price::text, p.currency, p.quantity, p.status, p.source_updated_at,
      coalesce((SELECT json_agg(json_build_object('url', i.url, 'alt', i.alt, 'position', i.position) ORDER BY i.position)
        FROM ${s}.product_images i WHERE i.product_id = p.id), '[]') AS images,
      coalesce((SELECT json_agg(json_build_object('sku', v.sku, 'size', v.size, 'price', v.price::text, 'quantity', v.quantity, 'source_ref', v.source_ref) ORDER BY v.position)
        FROM ${s}.product_variants v WHERE v.product_id = p.id), '[]') AS variants
    FROM ${s}.products p WHERE p.source_ref IS NOT NULL ORDER BY p.source_ref::bigint`);
  return rows;
}

const CONDITION: Record<string, string> = {
  "Neuf avec étiquette": "new_with_tags",
  "Neuf sans étiquette": "new_without_tags",
  "Très bon état": "very_good",
  "Bon état": "good",
  Satisfaisant: "satisfactory",
};

/** What a sandbox product must become in Stoflow, field by field. */
export function expectedFrom(p: WcProduct, variations: WcVariation[]) {
  const option = (name: string) => p.attributes.find((a) => a.name === name)?.options ?? [];
  const one = (name: string) => (option(name).length === 1 ? (option(name)[0] as string) : null);
  const quantity = variations.length
    ? variations.reduce((n, v) => n + (v.stock_quantity ?? 0), 0)
    : (p.stock_quantity ?? (p.stock_status === "outofstock" ? 0 : 1));
  const price = Number(
    p.price || variations.map((v) => Number(v.price)).sort((a, b) => a - b)[0] || 0,
  ).toFixed(2);
  return {
    source_ref: String(p.id),
    sku: p.sku,
    title: p.name,
    brand: one("Marque"),
    category: p.categories.at(-1)?.name ?? null,
    size: one("Taille"),
    colors: option("Couleur"),
    condition: CONDITION[one("État") ?? ""] ?? null,
    material: one("Matière"),
    price,
    currency: "EUR",
    quantity,
    status: p.status !== "publish" ? "draft" : quantity > 0 ? "active" : "sold",
    source_updated_at: new Date(`${p.date_modified_gmt}Z`),
    images: p.images.map((im, position) => ({ url: im.src, alt: im.alt, position })),
    variants: variations.map((v) => ({
      sku: v.sku,
      size: v.attributes[0]?.option ?? null,
      price: Number(v.price).toFixed(2),
      quantity: v.stock_quantity ?? 0,
      source_ref: String(v.id),
    })),
  };
}

/** Checks every product of the sandbox landed right, and nothing else or twice. */
export function expectCatalog(woo: WooSandbox, stored: StoredProduct[], count: number) {
  expect(stored).toHaveLength(count);
  expect(new Set(stored.map((p) => p.source_ref)).size).toBe(count);
  for (const row of stored) {
    const id = Number(row.source_ref);
    const product = woo.state.product(id) as WcProduct;
    const { id: _id, description, ...fields } = row;
    expect(fields, `product ${id}`).toEqual(expectedFrom(product, woo.state.variations(id) ?? []));
    expect(description).not.toMatch(/<|&amp;|&nbsp;/);
    expect(description).toContain(product.name);
  }
}
