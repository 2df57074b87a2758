import type { PrimeVueConfiguration, PrimeVueLocaleOptions } from "primevue/config";
import { installPrimeVue } from "~/lib/primevue";
import { PRIMEVUE_FR } from "~/lib/primevue-locale";

export default defineNuxtPlugin((nuxtApp) => {
  installPrimeVue(nuxtApp.vueApp);
  const primevue = nuxtApp.vueApp.config.globalProperties.$primevue as {
    config: PrimeVueConfiguration;
  };
  const english = JSON.parse(JSON.stringify(primevue.config.locale)) as PrimeVueLocaleOptions;
  const i18n = nuxtApp.$i18n as { locale: Ref<string> };
  watch(
    i18n.locale,
    (locale) => {
      primevue.config.locale =
        locale === "fr"
          ? { ...english, ...PRIMEVUE_FR, aria: { ...english.aria, ...PRIMEVUE_FR.aria } }
          : english;
    },
    { immediate: true },
  );
});
