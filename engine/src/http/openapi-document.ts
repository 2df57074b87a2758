import { operations } from "../api/operations.ts";
import type { EngineContext } from "../context.ts";
import { API_VERSION } from "./app.ts";
import { buildOpenApi } from "./openapi.ts";

// Stands in for every context value: building the document never calls a handler.
const inert: unknown = new Proxy(() => inert, { get: () => inert, apply: () => inert });

/** The document without a running engine (for the client generator and tests). */
export function openApiDocument() {
  return buildOpenApi(operations(inert as EngineContext), API_VERSION);
}
