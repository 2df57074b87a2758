// The dashboard is a single-page app generated to static files (`nuxi generate`), served by
// the engine beside its API on one URL. In dev mode (`npm run dev`) the API calls are proxied
// to a running engine.
const engineUrl = process.env.STOFLOW_ENGINE_URL ?? "http://localhost:3000";

export default defineNuxtConfig({
  compatibilityDate: "2025-07-15",
  ssr: false,
  devtools: { enabled: false },
  telemetry: false,
  modules: ["@pinia/nuxt", "@nuxtjs/i18n"],
  css: ["~/assets/main.css"],
  app: {
    head: {
      title: "Stoflow",
      meta: [{ name: "viewport", content: "width=device-width, initial-scale=1" }],
      link: [{ rel: "icon", type: "image/svg+xml", href: "/favicon.svg" }],
    },
  },
  i18n: {
    strategy: "no_prefix",
    defaultLocale: "en",
    locales: [
      { code: "en", language: "en-GB", name: "English" },
      { code: "fr", language: "fr-FR", name: "Français" },
    ],
    detectBrowserLanguage: {
      useCookie: true,
      cookieKey: "stoflow_lang",
      fallbackLocale: "en",
      redirectOn: "root",
    },
    vueI18n: "./i18n.config.ts",
  },
  vite: {
    plugins: [
      {
        // Nuxt 4.4.5's dev server looks for a server entry even with ssr: false
        // (nuxt/nuxt#35033): hand it the SPA entry, as the upstream fix does. Dev only.
        name: "stoflow:spa-dev-entry",
        apply: "serve",
        config(config) {
          const input = config.build?.rollupOptions?.input;
          if (input && typeof input === "object" && !Array.isArray(input) && "entry" in input) {
            (input as Record<string, string>).server ??= input.entry as string;
          }
        },
      },
    ],
    server: {
      proxy: {
        "/api": { target: engineUrl, changeOrigin: true },
        "/media": { target: engineUrl, changeOrigin: true },
      },
    },
  },
  nitro: { preset: "static" },
});
