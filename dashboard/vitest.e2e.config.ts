import { defineProject } from "vitest/config";

// The dashboard in Debian's chromium (playwright-core), served by a real engine on its own
// PostgreSQL database, publishing to the Vinted sandbox over HTTP.
export default defineProject({
  test: {
    name: "dashboard-e2e",
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["../db/test/support/global-setup.ts", "./test/e2e/support/build-dashboard.ts"],
    testTimeout: 120_000,
    // A shared 2-core machine: pages may take seconds to show what the engine did.
    expect: { poll: { timeout: 20_000, interval: 200 } },
    hookTimeout: 300_000,
  },
});
