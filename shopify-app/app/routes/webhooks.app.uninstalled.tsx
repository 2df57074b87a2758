import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { appUninstalled } from "../stoflow/webhooks.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  // Delivered again after a first one (Shopify retries): uninstalling twice is harmless.
  await appUninstalled(shop);
  return new Response();
};
