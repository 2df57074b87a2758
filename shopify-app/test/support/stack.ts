// What the app's tests run against: the Shopify sandbox (Admin GraphQL, webhooks), a real
// engine with its workers on its own PostgreSQL database, and the app's environment pointing
// at both. App modules read their config when first imported: import them after this.

import { seedCatalog } from "../../../engine/src/sandbox/shopify/catalog.ts";
import {
  type ShopifySandbox,
  startShopifySandbox,
} from "../../../engine/src/sandbox/shopify/server.ts";
import { startTestEngine, type TestEngine } from "../../../engine/test/support/engine.ts";

export const API_KEY = "stoflow-test-api-key";
export const APP_URL = "https://stoflow-app.test";
export const CREDENTIAL = "shopify-app-test-credential-0123456789abcdef";
export const SCOPES = "read_products,write_products,read_orders,read_inventory,write_inventory";

export interface Stack {
  sandbox: ShopifySandbox;
  engine: TestEngine;
  /** The app's environment, as `npm start -w @stoflow/shopify-app` would get it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startStack(options: { products?: number } = {}): Promise<Stack> {
  const sandbox = await startShopifySandbox({ webhookRetryDelaysMs: [200, 500] });
  seedCatalog(sandbox.state, { count: options.products ?? 8, seed: 11, imageBase: sandbox.url });
  const engine = await startTestEngine(
    {
      STOFLOW_SHOPIFY_URL: sandbox.url,
      SHOPIFY_API_SECRET: sandbox.apiSecret,
      STOFLOW_SHOPIFY_APP_CREDENTIAL: CREDENTIAL,
    },
    { publishing: {} },
  );
  const env = {
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: sandbox.apiSecret,
    SHOPIFY_APP_URL: APP_URL,
    SCOPES,
    DATABASE_URL: engine.database.url,
    STOFLOW_ENGINE_URL: engine.url,
    STOFLOW_SHOPIFY_APP_CREDENTIAL: CREDENTIAL,
  };
  Object.assign(process.env, env);
  return {
    sandbox,
    engine,
    env,
    async close() {
      await engine.close();
      await sandbox.close();
    },
  };
}
