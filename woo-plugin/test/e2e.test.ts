// Stoflow for WooCommerce in a real WordPress (6.5, SQLite, php -S), installed from the built
// zip, against a real engine with its pipeline, the WooCommerce sandbox (the store's catalogue
// as the engine imports it) and the Vinted sandbox; driven in Debian's chromium.
// Least faithful piece: WooCommerce itself is a stand-in (test/fixtures/woocommerce, see its
// header): it cannot be had from the npm registry or Debian.
// biome-ignore-all lint/performance/useDomNodeTextContent: playwright's innerText is what a person reads
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWooSandbox, type WooSandbox } from "../../engine/src/sandbox/woocommerce/server.ts";
import { QUICK_PIPELINE, request } from "../../engine/test/support/engine.ts";
import {
  type SandboxFlow,
  startSandboxFlow,
  until,
} from "../../engine/test/support/sandbox-flow.ts";
import { type WooFlow, wooFlowOn } from "../../engine/test/support/woocommerce.ts";
import { buildZip } from "../tools/build.ts";
import { startWordPress, type WordPress } from "./support/wordpress.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SCREENSHOTS = join(here, "screenshots");
const PLUGIN = "stoflow-for-woocommerce/stoflow-for-woocommerce.php";

describe("Stoflow for WooCommerce in WordPress", () => {
  let vinted: SandboxFlow;
  let woo: WooSandbox;
  let flow: WooFlow;
  let wp: WordPress;
  let browser: Browser;
  let page: Page;
  let wooIds: string[];
  let siteToken: string;

  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const admin = async (path: string) => {
    const res = await page.goto(`${wp.url}/wp-admin/${path}`);
    expect(res?.status(), path).toBe(200);
    await expect(page.locator("#wpadminbar").count()).resolves.toBe(1); // never a white screen
  };
  const noticeText = () => page.locator(".stoflow-notice").allInnerTexts();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    vinted = await startSandboxFlow(QUICK_PIPELINE, "Boutique Woo");
    woo = await startWooSandbox({ webhookRetryDelayMs: 100, products: 3, variableRatio: 0 });
    flow = wooFlowOn(woo, vinted.engine, vinted.shop);
    const { sourceId, runId } = await flow.connect();
    expect(await flow.finished(sourceId, runId)).toMatchObject({ status: "succeeded", done: 3 });
    wooIds = woo.state.list({ orderby: "id", order: "asc" }).map(String);
    const site = await request(vinted.engine, "POST", "/api/v1/sites", {
      token: vinted.shop.accessToken,
      body: { name: "Boutique Woo (WordPress)", sourceId },
    });
    expect(site.status).toBe(201);
    siteToken = site.body.token;

    wp = await startWordPress([
      { zip: buildZip(join(here, "..", "dist")), slug: "stoflow-for-woocommerce" },
      { dir: join(here, "fixtures/woocommerce"), slug: "woocommerce" },
    ]);
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await wp?.close();
    await flow?.close();
    await vinted?.sandbox.close();
  });

  it("refuses to activate without WooCommerce, then activates beside it and declares HPOS", () => {
    const alone = wp.php(
      `$r = activate_plugin( '${PLUGIN}' ); echo is_wp_error( $r ) ? $r->get_error_code() : 'activated';`,
    );
    expect(alone).toBe("plugin_missing_dependencies");
    const both = wp.php(`
      $a = activate_plugin( 'woocommerce/woocommerce.php' );
      $b = activate_plugin( '${PLUGIN}' );
      echo wp_json_encode( array( is_wp_error( $a ) ? $a->get_error_message() : 'ok', is_wp_error( $b ) ? $b->get_error_message() : 'ok' ) );`);
    expect(JSON.parse(both)).toEqual(["ok", "ok"]);
    const declared = wp.php(
      `do_action( 'init' ); echo wp_json_encode( get_option( 'stand_in_wc_declarations' ) );`,
    );
    expect(JSON.parse(declared)).toEqual({ [`custom_order_tables ${PLUGIN}`]: true });
    // The store's products, with the ids WooCommerce gave them (the sandbox's), in place of
    // WordPress's sample content.
    wp.php(
      `foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $p ) { wp_delete_post( $p->ID, true ); } delete_option( 'wp_page_for_privacy_policy' );\n` +
        wooIds
          .map(
            (id, i) =>
              `wp_insert_post( array( 'import_id' => ${id}, 'post_type' => 'product', 'post_status' => 'publish', 'post_title' => 'Product ${i + 1}', 'post_content' => 'Old description' ) );`,
          )
          .join("\n"),
    );
    expect(
      JSON.parse(
        wp.php(
          `echo wp_json_encode( get_posts( array( 'post_type' => 'product', 'fields' => 'ids', 'orderby' => 'ID', 'order' => 'ASC' ) ) );`,
        ),
      ).map(String),
    ).toEqual(wooIds);
  });

  it("logs in and sets up Stoflow through the settings form", async () => {
    await page.goto(`${wp.url}/wp-login.php`);
    await page.fill("#user_login", "admin");
    await page.fill("#user_pass", "a long admin password");
    // Logged in once WordPress redirects to wp-admin; its dashboard's own load is not needed.
    await Promise.all([
      page.waitForURL(/wp-admin/, { waitUntil: "commit", timeout: 60_000 }),
      page.click("#wp-submit"),
    ]);

    await admin("admin.php?page=stoflow");
    await expect(page.locator("h1").innerText()).resolves.toBe("Stoflow");
    await page.fill("#stoflow_site_token", "not-a-token");
    await Promise.all([page.waitForNavigation(), page.click("#submit")]);
    await expect(page.locator("#setting-error-stoflow_site_token").innerText()).resolves.toContain(
      "starts with sfs_",
    );

    await page.fill("#stoflow_engine_url", vinted.engine.url);
    await page.fill("#stoflow_site_token", siteToken);
    await Promise.all([page.waitForNavigation(), page.click("#submit")]);
    expect(wp.php(`echo get_option( 'stoflow_site_token' );`)).toBe(siteToken);
    await expect(page.locator("#stoflow_site_token").inputValue()).resolves.toBe(""); // never echoed back
  });

  it("shows the connection, the import, plan and usage, and makes a pairing code", async () => {
    await admin("admin.php?page=stoflow");
    const connection = await page.locator(".stoflow-connection").innerText();
    expect(connection).toContain("Boutique Woo");
    expect(connection).toContain("Store connected");
    expect(connection).toContain("6 webhooks registered");
    const imported = await page.locator(".stoflow-import").innerText();
    expect(imported).toContain("3 of 3 products imported");
    expect(imported).toContain("Import finished");
    const usage = await page.locator(".stoflow-usage").innerText();
    expect(usage).toMatch(/Plan:\s*\S+/);
    expect(usage).toMatch(/Products\s+3/);

    await Promise.all([page.waitForNavigation(), page.click("#stoflow-stoflow_pairing_code")]);
    const code = await page.locator(".stoflow-code").innerText();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await shot("stoflow-page");
    const paired = await request(vinted.engine, "POST", "/api/v1/channels/pair", {
      body: { code, deviceName: "Browser of the WordPress admin" },
    });
    expect(paired.status).toBe(201);
  });

  it("sends the owner to WooCommerce's approval page of this store to connect it", async () => {
    await admin("admin.php?page=stoflow");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/wc-auth/v1/authorize")),
      page.click("#stoflow-stoflow_connect"),
    ]);
    const target = new URL(response.url());
    expect(target.origin).toBe(wp.url);
    expect(target.searchParams.get("app_name")).toBe("Stoflow");
    expect(target.searchParams.get("scope")).toBe("read_write");
    expect(target.searchParams.get("callback_url")).toBe(
      `${vinted.engine.url}/api/v1/site/callback`,
    );
    expect(target.searchParams.get("return_url")).toBe(`${wp.url}/wp-admin/admin.php?page=stoflow`);
  });

  it("lists each product's state per platform and bulk-publishes to Vinted", async () => {
    await vinted.connectSeller("lea");
    await admin("edit.php?post_type=product");
    await expect(page.locator("th#stoflow").innerText()).resolves.toBe("Stoflow");
    expect(await page.locator("td.column-stoflow").allInnerTexts()).toEqual([
      "Not published",
      "Not published",
      "Not published",
    ]);
    for (const box of await page.locator('input[name="post[]"]').all()) await box.check();
    await page.selectOption("#bulk-action-selector-top", "stoflow_publish_vinted");
    await Promise.all([page.waitForNavigation(), page.click("#doaction")]);
    // The sandbox's categories are ambiguous on Vinted: the lint holds every one back, and says so.
    expect((await noticeText()).join(" ")).toContain("3 products are not ready for Vinted");
    expect(await page.locator("td.column-stoflow").allInnerTexts()).toEqual([
      "Vinted: Not ready",
      "Vinted: Not ready",
      "Vinted: Not ready",
    ]);
    await shot("products-list");
  });

  it("shows the lint result in the metabox, publishes, delists and writes the AI description", async () => {
    const id = wooIds[0] as string;
    await admin(`post.php?post=${id}&action=edit`);
    const box = page.locator("#stoflow-product");
    await expect(box.innerText()).resolves.toContain("Vinted: Not ready");
    await expect(box.locator(".stoflow-lint-list li").count()).resolves.toBeGreaterThan(0);
    await shot("metabox-lint");

    // The seller fixes the product in Stoflow (as in the dashboard); publishing now goes through.
    const item = await request(vinted.engine, "GET", `/api/v1/site/products/${id}`, {
      token: siteToken,
    });
    const fixed = await request(vinted.engine, "PATCH", `/api/v1/products/${item.body.productId}`, {
      token: vinted.shop.accessToken,
      body: {
        category: "femmes/vetements/robes",
        size: "M",
        brand: "Zara",
        condition: "very_good",
        colors: ["noir"],
      },
    });
    expect(fixed.status).toBe(200);
    await Promise.all([
      page.waitForNavigation(),
      box.locator("a", { hasText: "Publish to Vinted" }).click(),
    ]);
    expect((await noticeText()).join(" ")).toContain("Queued for Vinted.");
    await until(
      async () =>
        (await request(vinted.engine, "GET", `/api/v1/site/products/${id}`, { token: siteToken }))
          .body,
      (p) => p.listings[0]?.state === "published",
    );
    await admin(`post.php?post=${id}&action=edit`);
    await expect(box.innerText()).resolves.toContain("Vinted: Published");
    await expect(box.locator("a", { hasText: "View" }).getAttribute("href")).resolves.toMatch(
      /^http/,
    );
    await shot("metabox-published");

    await Promise.all([page.waitForNavigation(), box.locator("a", { hasText: "Delist" }).click()]);
    expect((await noticeText()).join(" ")).toContain("Being removed from the marketplaces.");

    await Promise.all([
      page.waitForNavigation(),
      box.locator("a", { hasText: "Write the description with AI" }).click(),
    ]);
    expect((await noticeText()).join(" ")).toMatch(/Description written (by AI|from a template)/);
    const content = wp.php(`echo get_post( ${id} )->post_content;`);
    expect(content).not.toContain("Old description");
    expect(content.length).toBeGreaterThan(50);
  });

  it("speaks French to a French-speaking administrator", async () => {
    wp.php(`update_user_meta( 1, 'locale', 'fr_FR' );`);
    await admin("admin.php?page=stoflow");
    const text = await page.locator(".stoflow-page").innerText();
    expect(text).toContain("Boutique connectée");
    expect(text).toContain("3 produits importés sur 3");
    expect(text).toContain("Forfait et consommation");
    await shot("stoflow-page-fr");
    wp.php(`update_user_meta( 1, 'locale', '' );`);
  });

  it("says what went wrong when the engine cannot be reached, and still renders", async () => {
    wp.php(`update_option( 'stoflow_engine_url', 'http://127.0.0.1:9' );`);
    await admin("admin.php?page=stoflow");
    expect((await page.locator(".notice-error").allInnerTexts()).join(" ")).toContain(
      "Stoflow could not be reached at http://127.0.0.1:9",
    );
    await expect(page.locator("#stoflow_engine_url").count()).resolves.toBe(1);
    await shot("engine-unreachable");
    await admin("edit.php?post_type=product");
    expect(await page.locator("td.column-stoflow").allInnerTexts()).toEqual([
      "Unavailable",
      "Unavailable",
      "Unavailable",
    ]);
    await admin(`post.php?post=${wooIds[0]}&action=edit`);
    await expect(page.locator("#stoflow-product .stoflow-error").innerText()).resolves.toContain(
      "could not be reached",
    );
    wp.php(`update_option( 'stoflow_engine_url', '${vinted.engine.url}' );`);
  });

  it("refuses an action without its nonce", async () => {
    const res = await page.goto(
      `${wp.url}/wp-admin/admin-post.php?action=stoflow_product&do=publish&post=${wooIds[1]}`,
    );
    expect(res?.status()).toBe(403);
  });

  it("shows only a notice when WooCommerce goes away, and uninstalls cleanly", async () => {
    wp.php(`deactivate_plugins( 'woocommerce/woocommerce.php' );`);
    await admin("index.php");
    expect((await page.locator(".notice-error").allInnerTexts()).join(" ")).toContain(
      "Stoflow for WooCommerce requires WooCommerce: install and activate WooCommerce first.",
    );
    await shot("woocommerce-missing");
    const left = wp.php(`
      deactivate_plugins( '${PLUGIN}' );
      uninstall_plugin( '${PLUGIN}' );
      echo wp_json_encode( array( get_option( 'stoflow_engine_url', 'gone' ), get_option( 'stoflow_site_token', 'gone' ) ) );`);
    expect(JSON.parse(left)).toEqual(["gone", "gone"]);
    expect(wp.logOf("stoflow-for-woocommerce")).toEqual([]); // no PHP notice, warning or error
  });
});
