// What the sources need from the engine, built from its context in one place.
import type { EngineContext } from "../context.ts";
import type { Requester } from "../listings/requests.ts";
import type { ImportDeps } from "./import-run.ts";
import { configuredSources } from "./providers.ts";
import type { SourceRegistry } from "./registry.ts";

type Ctx = Pick<EngineContext, "config" | "database" | "vault" | "log">;

const registries = new WeakMap<object, SourceRegistry>();

/** One registry per configuration object (providers hold no state but their options). */
export function sourcesOf(ctx: Pick<EngineContext, "config">): SourceRegistry {
  let registry = registries.get(ctx.config);
  if (!registry) {
    registry = configuredSources(ctx.config);
    registries.set(ctx.config, registry);
  }
  return registry;
}

export function importDeps(ctx: Ctx, requester: Requester, sources?: SourceRegistry): ImportDeps {
  return {
    db: ctx.database.db,
    pool: ctx.database.pool,
    vault: ctx.vault,
    sources: sources ?? sourcesOf(ctx),
    requester,
    log: ctx.log.child({ component: "sources" }),
  };
}
