import { installPrimeVue } from "~/lib/primevue";

export default defineNuxtPlugin((nuxtApp) => {
  installPrimeVue(nuxtApp.vueApp);
});
