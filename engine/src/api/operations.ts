import type { EngineContext } from "../context.ts";
import type { Operation } from "../http/operation.ts";
import { authOperations } from "./auth/routes.ts";

/** Every operation of the API, in the order the docs list them. */
export function operations(ctx: EngineContext): Operation[] {
  return [...authOperations(ctx)];
}
