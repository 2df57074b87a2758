// The WooCommerce plugin's site tokens, as a seller makes them in the dashboard: connect a
// sandbox store, create a token for it (shown once, copied), see the site in the list, see it
// used once the plugin calls, revoke it behind a confirmation, and check with real HTTP calls
// that the revoked token is refused while a fresh one still works. Then the API keys, which
// share the same create / show once / revoke mechanics. Screenshots in both languages and at
// phone width.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPlan } from "../../../engine/test/support/engine.ts";
import { chooseLanguage, fillSignUp, settle, storedSession } from "./support/page.ts";
import { type Stack, shot, startStack } from "./support/stack.ts";

let stack: Stack;
let page: Page;
let context: BrowserContext;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  ({ page, context } = await stack.newPage());
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: stack.engine.url,
  });
});
afterAll(() => stack?.close());

/** GET /api/v1/site with a site token, as the plugin calls it. */
async function asPlugin(token: string) {
  const res = await fetch(`${stack.engine.url}/api/v1/site`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

const sites = () => page.getByTestId("site");
const siteRow = (name: string) => sites().filter({ hasText: name });

/** Fills the form, creates, and reads the token shown once. */
async function createSite(name: string, store?: string): Promise<string> {
  await page.getByTestId("site-name").fill(name);
  if (store) {
    await page.getByTestId("site-store").click();
    await page.getByRole("option", { name: store }).click();
  }
  await page.getByTestId("create-site").click();
  await siteRow(name).waitFor();
  const value = page.getByTestId("secret-value");
  await expect.poll(() => value.inputValue()).toMatch(/^sfs_[A-Za-z0-9_-]{20,100}$/);
  await page.waitForTimeout(500); // the message's entrance, for the screenshots
  return value.inputValue();
}

describe("WordPress site tokens in the dashboard", () => {
  it("signs up and connects a sandbox WooCommerce store", async () => {
    await page.goto("/signup");
    await fillSignUp(page, "Chez Léa", "lea@example.fr", "a long password");
    await setPlan(stack.engine, (await storedSession(page)).tenant.id, "business");

    await page.goto("/connections");
    await page.getByTestId("store-url").fill(stack.woo.url);
    await page.getByTestId("connect-woo").click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((url) => url.pathname === "/connections");
    await page.getByTestId("shop-source").waitFor();
  });

  it("explains the plugin and gives the address to paste", async () => {
    const panel = page.getByTestId("wordpress-sites");
    await panel.getByRole("heading", { name: "WordPress sites (WooCommerce plugin)" }).waitFor();
    expect(await panel.textContent()).toContain("Stoflow for WooCommerce");
    expect(await panel.textContent()).toContain("WooCommerce → Stoflow");
    expect(await page.getByTestId("engine-url").textContent()).toBe(stack.engine.url);
    expect(await panel.textContent()).toContain("No WordPress site yet.");
  });

  it("creates a token for the store, shows it once with a copy button, lists the site", async () => {
    const storeLabel =
      (await page.getByTestId("shop-source").locator("strong").textContent()) ?? "";
    tokens.first = await createSite("chez-lea.fr", storeLabel.trim());
    const secret = page.getByTestId("secret-once");
    expect(await secret.textContent()).toContain("you will not see it again");
    await secret.getByRole("button", { name: /Copy/ }).click();
    await secret.getByRole("button", { name: /Copied/ }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tokens.first);

    const row = siteRow("chez-lea.fr");
    expect(await row.getAttribute("data-state")).toBe("waiting");
    expect(await row.getByTestId("site-state").textContent()).toBe("Waiting for the plugin");
    expect(await row.textContent()).toContain(`Store: ${storeLabel.trim()}`);
    expect(await row.textContent()).toContain("not used yet");
    await shot(page, "en-sites");
  });

  it("the plugin's calls work with it, and the list shows the site used; the token is gone on reload", async () => {
    const called = await asPlugin(tokens.first as string);
    expect(called.status).toBe(200);
    expect(called.body.site.name).toBe("chez-lea.fr");
    expect(called.body.source.baseUrl).toBe(stack.woo.url);

    await page.reload();
    await settle(page);
    const row = siteRow("chez-lea.fr");
    await expect.poll(() => row.getAttribute("data-state")).toBe("active");
    expect(await row.textContent()).toContain("last used");
    expect(await page.getByTestId("secret-once").count()).toBe(0);
    expect(await page.content()).not.toContain(tokens.first);
  });

  it("revokes a site behind a confirmation: its token gets 401, a fresh one 200", async () => {
    tokens.second = await createSite("boutique-deux.fr");
    expect(await sites().count()).toBe(2);

    // Cancelling keeps the site live.
    await siteRow("chez-lea.fr").getByTestId("revoke-site").click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Revoke the token of chez-lea.fr?");
    await page.waitForTimeout(500); // the dialog's entrance
    await shot(page, "en-sites-revoke");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect((await asPlugin(tokens.first as string)).status).toBe(200);

    await siteRow("chez-lea.fr").getByTestId("revoke-site").click();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    const revoked = siteRow("chez-lea.fr");
    await expect.poll(() => revoked.getAttribute("data-state")).toBe("revoked");
    expect(await revoked.getByTestId("site-state").textContent()).toBe("Revoked");
    expect(await revoked.getByTestId("revoke-site").count()).toBe(0);
    // Live sites first: the revoked one moved to the end.
    expect(await sites().last().getAttribute("data-state")).toBe("revoked");

    const refused = await asPlugin(tokens.first as string);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/revoked/);
    expect((await asPlugin(tokens.second as string)).status).toBe(200);
  });

  it("reads it all in French, at desktop and phone width", async () => {
    await chooseLanguage(page, "Français");
    await page.goto("/connections");
    await settle(page);
    const panel = page.getByTestId("wordpress-sites");
    await panel.getByRole("heading", { name: "Sites WordPress (extension WooCommerce)" }).waitFor();
    tokens.third = await createSite("troisieme-boutique.fr");
    expect(await page.getByTestId("secret-once").textContent()).toContain(
      "il ne sera plus jamais affiché",
    );
    expect(await siteRow("chez-lea.fr").getByTestId("site-state").textContent()).toBe("Révoqué");
    expect(await siteRow("troisieme-boutique.fr").getByTestId("site-state").textContent()).toBe(
      "En attente de l'extension",
    );
    await shot(page, "fr-sites");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await shot(page, "phone-fr-sites");
    await chooseLanguage(page, "English");
    await page.reload();
    await settle(page);
    await shot(page, "phone-en-sites");
    await page.setViewportSize({ width: 1280, height: 860 });
    await chooseLanguage(page, "English");
  });

  it("API keys: shown once with a copy button, revoked behind a confirmation", async () => {
    await page.goto("/settings");
    await settle(page);
    await page.getByLabel("Key name").fill("Inventory script");
    await page.getByRole("button", { name: "Create a key" }).click();
    const value = page.getByTestId("secret-value");
    await value.waitFor();
    const key = await value.inputValue();
    const products = () =>
      fetch(`${stack.engine.url}/api/v1/products`, {
        headers: { authorization: `Bearer ${key}` },
      }).then((r) => r.status);
    expect(await products()).toBe(200);
    await page.getByTestId("api-key").filter({ hasText: "Inventory script" }).waitFor();
    await page.waitForTimeout(500); // the message's entrance
    await shot(page, "en-api-keys");

    await page.getByTestId("api-key").getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("Revoke the key Inventory script?");
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByTestId("api-key").count()).toBe(0);
    // The shown key went with it.
    expect(await page.getByTestId("secret-once").count()).toBe(0);
    expect(await products()).toBe(401);

    // Site tokens are not API keys: the panel says where they are.
    await page.getByRole("link", { name: "Connections › WordPress sites" }).click();
    await page.waitForURL((url) => url.pathname === "/connections");
    await page.getByTestId("wordpress-sites").waitFor();
    expect(stack.pageErrors).toEqual([]);
  });
});
