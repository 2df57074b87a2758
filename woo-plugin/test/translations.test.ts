// languages/: the .pot matches the sources, the French .po translates every string, the .mo
// is the compiled .po; and every translated call uses the plugin's text domain.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { translationFiles } from "../tools/translations.ts";
import { filesUnder, PLUGIN_DIR, run } from "./support/php.ts";

describe("translations", () => {
  const { files, untranslated } = translationFiles(PLUGIN_DIR);

  it.each([...files.keys()].map((p) => [relative(PLUGIN_DIR, p), p]))(
    "%s is up to date (npm run i18n -w @stoflow/woo-plugin)",
    (_name, path) => {
      const expected = files.get(path) as string | Buffer;
      const actual = readFileSync(path);
      expect(actual.equals(Buffer.from(expected))).toBe(true);
    },
  );

  it("French translates every string", () => {
    expect(untranslated.get("stoflow-for-woocommerce-fr_FR.po")).toEqual([]);
  });

  it("every i18n call names the plugin's text domain", () => {
    for (const file of filesUnder(PLUGIN_DIR, ".php")) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /\b(?:__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e|_n)\((?:[^()]|\([^()]*\))*\)/g,
      )) {
        expect(m[0], relative(PLUGIN_DIR, file)).toContain("'stoflow-for-woocommerce'");
      }
    }
  });

  it("PHP reads the compiled French with WordPress's own MO format rules", () => {
    // A tiny reader of the GNU MO layout, in PHP, independent of the writer in tools/.
    const script = `
      $b = file_get_contents($argv[1]);
      $h = unpack('V7', substr($b, 0, 28));
      $n = $h[3]; $o = $h[4]; $t = $h[5]; $map = array();
      for ($i = 0; $i < $n; $i++) {
        $a = unpack('V2', substr($b, $o + 8 * $i, 8)); $c = unpack('V2', substr($b, $t + 8 * $i, 8));
        $map[substr($b, $a[2], $a[1])] = substr($b, $c[2], $c[1]);
      }
      echo $map['Publish to Vinted'], "|", explode("\\0", $map["%d product queued for Vinted.\\0%d products queued for Vinted."])[1];`;
    const { out } = run("php", [
      "-r",
      script,
      `${PLUGIN_DIR}/languages/stoflow-for-woocommerce-fr_FR.mo`,
    ]);
    expect(out).toBe("Publier sur Vinted|%d produits en file d’attente pour Vinted.");
  });
});
