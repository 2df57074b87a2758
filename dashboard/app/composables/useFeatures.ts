// What this engine offers beyond the core API: the AI texts and shop imports arrive in their
// own releases, so the pages ask the engine's OpenAPI document rather than assume.

export interface Features {
  ai: boolean;
  sources: boolean;
}

let cached: Promise<Features> | undefined;

async function detect(): Promise<Features> {
  try {
    const response = await fetch("/api/openapi.json");
    const doc = (await response.json()) as { paths?: Record<string, unknown> };
    const paths = Object.keys(doc.paths ?? {});
    return {
      ai: paths.some((p) => p.startsWith("/api/v1/ai")),
      sources: paths.some((p) => p.startsWith("/api/v1/sources")),
    };
  } catch {
    return { ai: false, sources: false };
  }
}

export function useFeatures() {
  const features = ref<Features>({ ai: false, sources: false });
  const ready = ref(false);
  cached ??= detect();
  void cached.then((f) => {
    features.value = f;
    ready.value = true;
  });
  return { features, ready };
}
