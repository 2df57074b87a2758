// The shops Stoflow can import from, by kind. Providers are built once at start-up from the
// configuration; everything else asks the registry, never a provider module directly.
import type { Source, SourceKind } from "./source.ts";

export interface SourceRegistry {
  get(kind: string): Source | undefined;
  kinds(): SourceKind[];
}

export function sourceRegistry(sources: Source[]): SourceRegistry {
  const byKind = new Map(sources.map((s) => [s.kind as string, s]));
  return {
    get: (kind) => byKind.get(kind),
    kinds: () => sources.map((s) => s.kind),
  };
}

/** The registry or a clear error: a stored source whose provider this engine lacks. */
export function sourceOf(registry: SourceRegistry, kind: string): Source {
  const source = registry.get(kind);
  if (!source) throw new Error(`This engine cannot talk to ${kind} shops.`);
  return source;
}
