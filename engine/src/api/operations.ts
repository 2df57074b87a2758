import type { EngineContext } from "../context.ts";
import type { Operation } from "../http/operation.ts";
import { accountOperations } from "./account/routes.ts";
import { aiOperations } from "./ai/routes.ts";
import { aiSettingsOperations } from "./ai/settings-routes.ts";
import { apiKeyOperations } from "./api-keys/routes.ts";
import { shopifyAppOperations } from "./apps/shopify.ts";
import { authOperations } from "./auth/routes.ts";
import { channelAccountOperations } from "./channel-accounts/routes.ts";
import { channelOperations } from "./channels/routes.ts";
import { deviceOperations } from "./devices/routes.ts";
import { lintOperations } from "./lint/routes.ts";
import { listingOperations } from "./listings/routes.ts";
import { planOperations } from "./plans/routes.ts";
import { productOperations } from "./products/routes.ts";
import { relayOperations } from "./relay/routes.ts";
import { sitesOperations } from "./sites/routes.ts";
import { sourceOperations } from "./sources/routes.ts";
import { statsOperations } from "./stats/routes.ts";
import { teamOperations } from "./teams/routes.ts";

/** Every operation of the API, in the order the docs list them. */
export function operations(ctx: EngineContext): Operation[] {
  return [
    ...authOperations(ctx),
    ...teamOperations(ctx),
    ...productOperations(ctx),
    ...lintOperations(ctx),
    ...listingOperations(ctx),
    ...apiKeyOperations(ctx),
    ...planOperations(ctx),
    ...statsOperations(ctx),
    ...accountOperations(ctx),
    ...channelOperations(ctx),
    ...deviceOperations(ctx),
    ...channelAccountOperations(ctx),
    ...relayOperations(ctx),
    ...sourceOperations(ctx),
    ...shopifyAppOperations(ctx),
    ...aiOperations(ctx),
    ...aiSettingsOperations(ctx),
    ...sitesOperations(ctx),
  ];
}
