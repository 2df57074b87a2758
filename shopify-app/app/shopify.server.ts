import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  LogSeverity,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PostgreSQLSessionStorage } from "@shopify/shopify-app-session-storage-postgresql";
import { config } from "./config.server";
import { installShop } from "./stoflow/install.server";

// Offline sessions only (the app acts for the shop, not for a staff member), kept in the
// engine's PostgreSQL in their own table: the one piece of state the app owns.
export const sessionStorage = new PostgreSQLSessionStorage(config.databaseUrl, {
  sessionTableName: "shopify_sessions",
});

const shopify = shopifyApp({
  apiKey: config.apiKey,
  apiSecretKey: config.apiSecret,
  apiVersion: ApiVersion.July26,
  scopes: config.scopes,
  appUrl: config.appUrl,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  ...(config.quiet ? { logger: { level: LogSeverity.Error } } : {}),
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    // After the token exchange of a first open (or a scope change): hand the engine the
    // shop's offline token; it links the tenant, registers webhooks and imports.
    afterAuth: async ({ session }) => {
      await installShop(session);
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN
    ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] }
    : {}),
});

export default shopify;
export const apiVersion = ApiVersion.July26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
