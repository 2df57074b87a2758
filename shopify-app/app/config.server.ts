// The app's settings, read once from the environment (as the engine reads its own once):
// what Shopify's Partner dashboard gives, where the engine is, and the shared credential.
export interface AppConfig {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  databaseUrl: string;
  engineUrl: string;
  engineCredential: string;
  /** The Shopify package's own log: quiet under tests. */
  quiet: boolean;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set: see "The Shopify app" in the README`);
  return value;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    apiKey: required(env, "SHOPIFY_API_KEY"),
    apiSecret: required(env, "SHOPIFY_API_SECRET"),
    appUrl: required(env, "SHOPIFY_APP_URL").replace(/\/+$/, ""),
    scopes: (
      env.SCOPES ?? "read_products,write_products,read_orders,read_inventory,write_inventory"
    )
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    databaseUrl: required(env, "DATABASE_URL"),
    engineUrl: required(env, "STOFLOW_ENGINE_URL").replace(/\/+$/, ""),
    engineCredential: required(env, "STOFLOW_SHOPIFY_APP_CREDENTIAL"),
    quiet: env.NODE_ENV === "test",
  };
}

export const config = loadAppConfig();
