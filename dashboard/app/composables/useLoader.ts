import { problemMessage } from "~/lib/api-problem";

/** Loading / error / data for a page section, with a reload for the "try again" button. */
export function useLoader<T>(load: () => Promise<T>, options: { immediate?: boolean } = {}) {
  const { t } = useI18n();
  const data = ref<T>();
  const loading = ref(false);
  const error = ref<string | null>(null);
  async function reload() {
    loading.value = data.value === undefined;
    error.value = null;
    try {
      data.value = await load();
    } catch (e) {
      error.value = problemMessage(e, t);
    } finally {
      loading.value = false;
    }
  }
  if (options.immediate !== false) void reload();
  return { data, loading, error, reload };
}

/** Runs an action, showing its failure as a toast; returns whether it succeeded. */
export function useAction() {
  const { t } = useI18n();
  const toast = useToast();
  const busy = ref(false);
  async function run(work: () => Promise<unknown>, success?: string): Promise<boolean> {
    busy.value = true;
    try {
      await work();
      if (success) toast.add({ severity: "success", summary: success, life: 3000 });
      return true;
    } catch (e) {
      toast.add({ severity: "error", summary: problemMessage(e, t), life: 6000 });
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, run };
}

/**
 * Runs a form's action: a success toast, or the failure explained by `explain` and kept for the
 * form to show where it belongs (beside a field, above the buttons) rather than in a toast.
 */
export function useFormAction<E>(explain: (error: unknown) => E) {
  const toast = useToast();
  const busy = ref(false);
  const failure = shallowRef<E | null>(null);
  async function run(work: () => Promise<unknown>, success?: string): Promise<boolean> {
    busy.value = true;
    failure.value = null;
    try {
      await work();
      if (success) toast.add({ severity: "success", summary: success, life: 4000 });
      return true;
    } catch (e) {
      failure.value = explain(e);
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, failure, run };
}
