// What every embedded page's loader and action starts with: Shopify authenticates the request
// (session token, offline session), then the engine client acting for that shop.

import { localeOf } from "../i18n";
import { authenticate } from "../shopify.server";
import { engineFor } from "./engine.server";
import { installShop } from "./install.server";

export async function stoflowFor(request: Request) {
  const { session, redirect } = await authenticate.admin(request);
  const locale = localeOf(request);
  const engine = engineFor(session.shop, async () => {
    await installShop(session, locale);
  });
  return { session, engine, locale, redirect };
}
