// Every site operation: the shop's side (tokens) and the WooCommerce plugin's side.
import type { EngineContext } from "../../context.ts";
import { siteProductOperations } from "./products.ts";
import { siteOperations } from "./site.ts";
import { siteTokenOperations } from "./tokens.ts";

export const sitesOperations = (ctx: EngineContext) => [
  ...siteTokenOperations(ctx),
  ...siteOperations(ctx),
  ...siteProductOperations(ctx),
];
