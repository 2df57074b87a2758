// The engine, as the app reaches it: the app credential opens a session for the shop the app
// authenticated (through Shopify), and the typed client then calls the ordinary API with that
// session's access token. Tokens are kept in memory until shortly before they expire.
import { createStoflowClient, type StoflowClient } from "@stoflow/client";
import { config } from "../config.server";
import { EngineProblem, problemOf } from "./problems";

const CREDENTIAL_HEADER = "X-Stoflow-App-Credential";

/** The typed client, authenticated as the app itself (the /api/v1/apps/shopify/* operations). */
export const appClient = createStoflowClient({ baseUrl: config.engineUrl });
appClient.use({
  onRequest({ request }) {
    request.headers.set(CREDENTIAL_HEADER, config.engineCredential);
    return request;
  },
});

interface Held {
  token: string;
  expiresAt: number;
}
const held = new Map<string, Held>();

/** Forgets a shop's engine session (uninstall, redact, a 401 from the engine). */
export const forgetShop = (shop: string) => held.delete(shop);

async function openSession(shop: string, install: () => Promise<void>): Promise<Held> {
  let answer = await appClient.POST("/api/v1/apps/shopify/session", { body: { shop } });
  if (answer.response.status === 404) {
    // Installed before the engine knew it (the engine was down, or its data was reset):
    // install now with the offline token Shopify already gave us.
    await install();
    answer = await appClient.POST("/api/v1/apps/shopify/session", { body: { shop } });
  }
  if (!answer.data) throw new EngineProblem(problemOf(answer.error, answer.response.status));
  return {
    token: answer.data.accessToken,
    expiresAt: Date.now() + (answer.data.expiresIn - 60) * 1000,
  };
}

/** A typed engine client acting for `shop`'s Stoflow account. */
export function engineFor(shop: string, install: () => Promise<void>): StoflowClient {
  const client = createStoflowClient({
    baseUrl: config.engineUrl,
    getToken: async () => {
      const current = held.get(shop);
      if (current && current.expiresAt > Date.now()) return current.token;
      const fresh = await openSession(shop, install);
      held.set(shop, fresh);
      return fresh.token;
    },
  });
  client.use({
    onResponse({ response }) {
      if (response.status === 401) forgetShop(shop);
      return response;
    },
  });
  return client;
}
