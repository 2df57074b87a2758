// npm run build: the installable zip holds the plugin folder at its root, with everything
// WordPress needs and nothing of the repository's tooling.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildZip } from "../tools/build.ts";

describe("build", () => {
  it("makes stoflow-for-woocommerce.zip with the plugin folder at its root", () => {
    const zip = buildZip(mkdtempSync(join(tmpdir(), "stoflow-woo-build-")));
    const names = Object.keys(unzipSync(readFileSync(zip)));
    expect(names.every((n) => n.startsWith("stoflow-for-woocommerce/"))).toBe(true);
    for (const needed of [
      "stoflow-for-woocommerce/stoflow-for-woocommerce.php",
      "stoflow-for-woocommerce/uninstall.php",
      "stoflow-for-woocommerce/readme.txt",
      "stoflow-for-woocommerce/includes/class-stoflow-plugin.php",
      "stoflow-for-woocommerce/languages/stoflow-for-woocommerce.pot",
      "stoflow-for-woocommerce/languages/stoflow-for-woocommerce-fr_FR.mo",
      "stoflow-for-woocommerce/assets/admin.css",
    ])
      expect(names).toContain(needed);
    expect(names.some((n) => /\.ts$|node_modules|tests\//.test(n))).toBe(false);
  });
});
