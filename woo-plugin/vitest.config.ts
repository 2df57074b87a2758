import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "woo-plugin",
    include: ["test/**/*.test.ts"],
    globalSetup: ["../db/test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
