import { problemMessage } from "~/lib/api-problem";

/**
 * The submit of the log-in and sign-up forms: busy while `work` runs, then on to the page it
 * names; a failure becomes the form's error message (`explain` may word some failures itself).
 */
export function useAuthForm(
  work: () => Promise<string>,
  explain: (error: unknown) => string | undefined = () => undefined,
) {
  const { t } = useI18n();
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function submit() {
    busy.value = true;
    error.value = null;
    try {
      await navigateTo(await work());
    } catch (e) {
      error.value = explain(e) ?? problemMessage(e, t);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, submit };
}
