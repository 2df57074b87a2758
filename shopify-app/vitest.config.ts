import { defineProject } from "vitest/config";

// Loaders, actions and webhooks against a real engine and the Shopify sandbox over HTTP,
// then the built app in Debian's chromium for screenshots.
export default defineProject({
  test: {
    name: "shopify-app",
    include: ["test/**/*.test.ts"],
    globalSetup: ["../db/test/support/global-setup.ts", "./test/support/build-app.ts"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
