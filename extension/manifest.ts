// The two manifests of the one codebase. Chrome runs the background as a service worker;
// Firefox's MV3 runs it as background scripts (event page) and needs an add-on id.

import { vintedHostPatterns } from "./src/vinted/domains.ts";

export type Target = "chrome" | "firefox";

export const HOSTED_ENGINE_PATTERN = "https://app.stoflow.io/*";
// A developer's own engine; any other self-hosted engine is asked for at pairing.
const LOCAL_ENGINE_PATTERNS = ["http://localhost/*", "http://127.0.0.1/*"];

export function manifestFor(target: Target, version: string): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: "__MSG_extName__",
    description: "__MSG_extDescription__",
    version,
    default_locale: "en",
    permissions: ["cookies", "storage", "alarms"],
    host_permissions: [...vintedHostPatterns(), HOSTED_ENGINE_PATTERN, ...LOCAL_ENGINE_PATTERNS],
    optional_host_permissions: ["https://*/*"],
    action: { default_popup: "popup.html", default_title: "Stoflow" },
    icons: { 16: "icons/16.png", 32: "icons/32.png", 48: "icons/48.png", 128: "icons/128.png" },
  };
  if (target === "chrome") {
    return { ...common, background: { service_worker: "background.js" } };
  }
  return {
    ...common,
    background: { scripts: ["background.js"] },
    browser_specific_settings: {
      gecko: {
        id: "extension@stoflow.io",
        strict_min_version: "128.0",
        // It sends the seller's Vinted session cookies to their Stoflow engine.
        data_collection_permissions: { required: ["authenticationInfo"] },
      },
    },
  };
}
