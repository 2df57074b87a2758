import { mount } from "@vue/test-utils";
import type { Component } from "vue";
import { createI18n } from "vue-i18n";
import { installPrimeVue } from "../../app/lib/primevue.ts";
import { i18nOptions } from "../../i18n/options.ts";

/** A component with the app's i18n (in `locale`) and PrimeVue, unstyled. */
export function mountWith(
  component: Component,
  props: Record<string, unknown>,
  locale = "en",
  slots: Record<string, () => unknown> = {},
) {
  const i18n = createI18n({ ...i18nOptions, locale });
  return mount(component, {
    props,
    slots: slots as never,
    global: {
      plugins: [i18n, { install: (app) => installPrimeVue(app, { unstyled: true }) }],
    },
  });
}
