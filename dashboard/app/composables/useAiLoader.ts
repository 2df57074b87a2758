/**
 * useLoader for a Settings section of the AI texts: it loads once the engine is known to offer
 * them (`features.ai`), and says when it does not.
 */
export function useAiLoader<T>(load: () => Promise<T>) {
  const { features, ready } = useFeatures();
  const loader = useLoader(load, { immediate: false });
  watch(
    [ready, () => features.value.ai],
    ([isReady, ai]) => {
      if (isReady && ai) void loader.reload();
    },
    { immediate: true },
  );
  /** The engine answered that it has no AI texts. */
  const unavailable = computed(() => ready.value && !features.value.ai);
  const available = computed(() => ready.value && features.value.ai);
  return { ...loader, available, unavailable };
}
