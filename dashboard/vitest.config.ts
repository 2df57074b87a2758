import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineProject } from "vitest/config";

// Component and logic tests; the browser tests are the dashboard-e2e project.
export default defineProject({
  plugins: [vue()],
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    name: "dashboard",
    include: ["test/unit/**/*.test.ts"],
    environment: "happy-dom",
  },
});
