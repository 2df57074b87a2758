// The engine with its real pipeline, pointed at a Vinted sandbox over HTTP, and one shop with
// a paired device: what flow tests need to connect sandbox sellers and publish mapped products.
import { expect } from "vitest";
import type { PipelineSettings } from "../../src/pipeline/settings.ts";
import { startVintedSandbox, type VintedSandbox } from "../../src/sandbox/vinted/server.ts";
import type { CapturedSession, SandboxItem, SandboxUser } from "../../src/sandbox/vinted/state.ts";
import { pairDevice } from "./channels.ts";
import {
  type ApiResponse,
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./engine.ts";
import { createProduct, imageForm, JPEG } from "./products.ts";

export interface Seller {
  user: SandboxUser;
  accountId: string;
}

export interface ListingRow {
  id: string;
  state: string;
  channelAccountId: string;
  externalId: string;
  price: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  attempts: number;
  publishedRevision: number | null;
}

export async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface SandboxFlow {
  sandbox: VintedSandbox;
  engine: TestEngine;
  shop: SignedUp;
  deviceToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** A sandbox seller whose session the paired device uploads, as the extension would. */
  connectSeller(login: string, domain?: string): Promise<Seller>;
  sandboxItems(user: SandboxUser): Promise<SandboxItem[]>;
  /** A product every seeded mapping knows, with one JPEG photo. */
  mappedProduct(title: string, fields?: Record<string, unknown>): Promise<{ id: string }>;
  publish(productId: string, channelAccountId?: string): Promise<ApiResponse>;
  listingsOf(productId: string): Promise<ListingRow[]>;
  close(): Promise<void>;
}

/** A sandbox, the engine wired to it (`STOFLOW_VINTED_URL`) with its workers, and a shop. */
export async function startSandboxFlow(
  settings: Partial<PipelineSettings> = {},
  shopName = "Chez Léa",
): Promise<SandboxFlow> {
  const sandbox = await startVintedSandbox();
  const engine = await startTestEngine(
    { STOFLOW_VINTED_URL: sandbox.url },
    { publishing: settings },
  );
  const shop = await signUp(engine, shopName);
  const deviceToken = await pairDevice(engine, shop);
  const control: SandboxFlow["control"] = async (method, path, body) => {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    sandbox,
    engine,
    shop,
    deviceToken,
    control,
    async connectSeller(login, domain = "www.vinted.fr") {
      const made: { user: SandboxUser; session: CapturedSession } = await control(
        "POST",
        "/users",
        { login, domain },
      );
      const res = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
        token: deviceToken,
        body: made.session,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { user: made.user, accountId: res.body.id };
    },
    sandboxItems: async (user) => (await control("GET", `/users/${user.id}/items`)).items,
    async mappedProduct(title, fields = {}) {
      const product = await createProduct(engine, shop.accessToken, {
        title,
        description: "Porté deux fois, aucun défaut, coupe droite.",
        brand: "Levi's",
        category: "femmes/vetements/jeans",
        size: "38",
        colors: ["bleu"],
        condition: "very_good",
        price: 25,
        quantity: 1,
        ...fields,
      });
      const res = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
        token: shop.accessToken,
        rawBody: imageForm({ data: JPEG, name: "face.jpg", type: "image/jpeg" }),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return product as { id: string };
    },
    publish: (productId, channelAccountId) =>
      request(engine, "POST", `/api/v1/products/${productId}/publish`, {
        token: shop.accessToken,
        body: { platforms: ["vinted"], ...(channelAccountId ? { channelAccountId } : {}) },
      }),
    listingsOf: async (productId) =>
      (
        await request(engine, "GET", `/api/v1/listings?productId=${productId}`, {
          token: shop.accessToken,
        })
      ).body.items,
    async close() {
      await engine.close();
      await sandbox.close();
    },
  };
}
