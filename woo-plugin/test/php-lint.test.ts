// php -l on every PHP file of the plugin and of its tests, and the conventions a reviewer
// of a WordPress plugin checks first.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, PLUGIN_DIR, ROOT, run } from "./support/php.ts";

const pluginFiles = filesUnder(PLUGIN_DIR, ".php");
const allFiles = [
  ...pluginFiles,
  ...filesUnder(join(ROOT, "tests"), ".php"),
  ...filesUnder(join(ROOT, "test"), ".php"),
];

describe("PHP files", () => {
  it.each(allFiles.map((f) => [relative(ROOT, f), f]))("%s passes php -l", (_name, file) => {
    const { status, out } = run("php", ["-l", file]);
    expect(out).toContain("No syntax errors detected");
    expect(status).toBe(0);
  });

  it("every plugin file stops when loaded outside WordPress", () => {
    for (const file of pluginFiles) {
      const text = readFileSync(file, "utf8");
      expect(
        /defined\( 'ABSPATH' \) \|\| exit;|defined\( 'WP_UNINSTALL_PLUGIN' \) \|\| exit;/.test(
          text,
        ),
        relative(PLUGIN_DIR, file),
      ).toBe(true);
    }
  });

  it("the main file declares what WordPress and WooCommerce read", () => {
    const main = readFileSync(join(PLUGIN_DIR, "stoflow-for-woocommerce.php"), "utf8");
    for (const header of [
      "Plugin Name:",
      "Requires Plugins:     woocommerce",
      "Text Domain:          stoflow-for-woocommerce",
      "WC requires at least:",
      "WC tested up to:",
    ])
      expect(main).toContain(header);
    expect(main).toContain("declare_compatibility( 'custom_order_tables', __FILE__, true )");
  });

  it("every admin-post handler checks a nonce and the capability", () => {
    const includes = pluginFiles.filter((f) => f.includes("/includes/"));
    let handlers = 0;
    for (const file of includes) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(
        /add_action\( 'admin_post_[^']*'[^,]*, array\( __CLASS__, '(\w+)' \)/g,
      )) {
        handlers++;
        const body = text.slice(text.indexOf(`function ${m[1]}(`));
        const first = body.slice(0, body.indexOf("\n\t}\n"));
        expect(/check_admin_referer|self::guard\(/.test(first), `${m[1]} checks a nonce`).toBe(
          true,
        );
        expect(/user_can\(|self::guard\(/.test(first), `${m[1]} checks the capability`).toBe(true);
      }
    }
    expect(handlers).toBe(4); // connect, disconnect, pairing code, product actions
  });
});
