import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "extension",
    include: ["test/**/*.test.ts"],
    globalSetup: ["../db/test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
