// The providers this engine runs with. A new shop adds its factory here (see source.ts).
import type { Config } from "../config.ts";
import { type SourceRegistry, sourceRegistry } from "./registry.ts";
import { createWooCommerceSource } from "./woocommerce/index.ts";

export function configuredSources(_config: Config): SourceRegistry {
  return sourceRegistry([createWooCommerceSource()]);
}
