import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "db",
      "engine",
      "extension",
      "dashboard",
      "dashboard/vitest.e2e.config.ts",
      "shopify-app",
      "woo-plugin",
    ],
  },
});
