// WooCommerce's app authorization page (/wc-auth/v1/authorize, shared/protocols/woocommerce.md)
// for a store, checked first: a store whose REST API Stoflow cannot use gets a reason now,
// not an error page after the owner has approved.
import { storeProblem } from "./store-probe.ts";

export interface AuthorizeParams {
  /** Signed state WooCommerce sends back as user_id. */
  userId: string;
  returnUrl: string;
  callbackUrl: string;
}

/** Throws the store's SourceError (permanent) when it cannot be connected. */
export async function wooAuthorizeUrl(store: string, params: AuthorizeParams): Promise<string> {
  const problem = await storeProblem(store);
  if (problem) throw problem;
  const url = new URL(`${store.replace(/\/+$/, "")}/wc-auth/v1/authorize`);
  url.searchParams.set("app_name", "Stoflow");
  url.searchParams.set("scope", "read_write");
  url.searchParams.set("user_id", params.userId);
  url.searchParams.set("return_url", params.returnUrl);
  url.searchParams.set("callback_url", params.callbackUrl);
  return url.toString();
}
