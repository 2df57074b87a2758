import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { compliance } from "../stoflow/webhooks.server";

// Mandatory compliance webhook: see app/stoflow/webhooks.server.ts and the engine's ledger.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, webhookId } = await authenticate.webhook(request);
  await compliance(shop, "shop/redact", webhookId);
  return new Response();
};
