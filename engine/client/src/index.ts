import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.ts";

export type { components, paths };
export type Schemas = components["schemas"];

export interface ClientOptions {
  baseUrl: string;
  /** Called before each request; return the current access token or API key. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  fetch?: typeof fetch;
}

/** A typed client for the Stoflow API: paths, bodies and answers checked at compile time. */
export function createStoflowClient(options: ClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    async onRequest({ request }) {
      const token = await options.getToken?.();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type StoflowClient = ReturnType<typeof createStoflowClient>;
