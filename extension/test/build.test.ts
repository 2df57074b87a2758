import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltExtension, buildExtension } from "../build.ts";
import { VINTED_DOMAINS } from "../src/vinted/domains.ts";

const ROOT = join(import.meta.dirname, "..");
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("the Chrome and Firefox packages", () => {
  let out: string;
  let built: BuiltExtension;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "stoflow-extension-build-"));
    built = await buildExtension(out);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("asks for the least permissions: cookies, storage, alarms, Vinted and the engine", () => {
    for (const target of ["chrome", "firefox"] as const) {
      const manifest = json(join(built.dirs[target], "manifest.json"));
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.permissions).toEqual(["cookies", "storage", "alarms"]);
      expect(manifest.host_permissions).toEqual([
        ...VINTED_DOMAINS.map((d) => `https://${d}/*`),
        "https://app.stoflow.io/*",
        "http://localhost/*",
        "http://127.0.0.1/*",
      ]);
      expect(manifest.optional_host_permissions).toEqual(["https://*/*"]);
      expect(manifest.default_locale).toBe("en");
    }
  });

  it("runs the background as a service worker in Chrome and as scripts in Firefox", () => {
    const chrome = json(join(built.dirs.chrome, "manifest.json"));
    expect(chrome.background).toEqual({ service_worker: "background.js" });
    expect(chrome.browser_specific_settings).toBeUndefined();
    const firefox = json(join(built.dirs.firefox, "manifest.json"));
    expect(firefox.background).toEqual({ scripts: ["background.js"] });
    expect(firefox.browser_specific_settings.gecko.id).toBe("extension@stoflow.io");
  });

  it("zips each package with everything the manifest names", () => {
    for (const target of ["chrome", "firefox"] as const) {
      const files = unzipSync(readFileSync(built.zips[target]));
      const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
      const named = [
        manifest.action.default_popup,
        ...Object.values(manifest.icons as Record<string, string>),
        ...(manifest.background.scripts ?? [manifest.background.service_worker]),
        "popup.js",
        "popup.css",
        "_locales/en/messages.json",
        "_locales/fr/messages.json",
      ];
      for (const file of named) expect(files[file], `${target}: ${file}`).toBeDefined();
      // PNG icons, really.
      expect(
        Buffer.from(files["icons/16.png"] ?? [])
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    }
  });

  it("has every text of the popup in French and English", () => {
    const en = json(join(ROOT, "_locales/en/messages.json"));
    const fr = json(join(ROOT, "_locales/fr/messages.json"));
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const html = readFileSync(join(ROOT, "src/popup/popup.html"), "utf8");
    const code = ["src/popup/popup.ts", "src/background/pairing.ts", "src/background/index.ts"]
      .map((f) => readFileSync(join(ROOT, f), "utf8"))
      .join("\n");
    const used = new Set([
      ...[...html.matchAll(/data-i18n="(\w+)"/g)].map((m) => m[1]),
      ...[...code.matchAll(/\bt\("(\w+)"/g)].map((m) => m[1]),
      ...[...code.matchAll(/messageKey: "(\w+)"/g)].map((m) => m[1]),
      ...[...code.matchAll(/"(error\w+)"/g)].map((m) => m[1]),
    ]);
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) {
      expect(en[key as string], key).toBeDefined();
      expect(fr[key as string], key).toBeDefined();
    }
  });
});
