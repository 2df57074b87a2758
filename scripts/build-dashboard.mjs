// Builds the dashboard when its static build is missing or older than its sources, so that
// `npm start` (prestart) and the browser tests always serve the current dashboard. Plain JS:
// it runs before anything else is checked.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dashboard = join(root, "dashboard");
const built = join(dashboard, ".output", "public", "200.html");
const sources = ["app", "i18n", "public", "nuxt.config.ts", "package.json"].map((p) =>
  join(dashboard, p),
);

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), stat.mtimeMs);
}

/** Whether the dashboard had to be (re)built; throws when the build fails. */
export function ensureDashboardBuilt({ quiet = false } = {}) {
  let builtAt = 0;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {}
  const changedAt = Math.max(...sources.map(newest), newest(join(root, "engine", "client", "src")));
  if (builtAt > changedAt) return false;
  if (!quiet) console.log("Building the dashboard (its sources changed since the last build)…");
  const result = spawnSync("npm", ["run", "build", "-w", "@stoflow/dashboard"], {
    cwd: root,
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`The dashboard build failed:\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureDashboardBuilt();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
