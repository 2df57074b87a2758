// The whole flow in a browser, as a seller would do it: sign up, connect a sandbox Vinted
// seller from the wizard, import a sandbox WooCommerce store (approving on its page) with
// progress, create a product (lint errors first), add a photo, write its texts with AI, publish
// on two accounts, see it published, sell it on the sandbox, see it sold there and delisted
// elsewhere.
// Then the error paths, and a screenshot of every page in both languages.

import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPlan } from "../../../engine/test/support/engine.ts";
import { chooseLanguage, fillSignUp, settle } from "./support/page.ts";
import { drawJpeg } from "./support/photo.ts";
import { type Stack, shot, startStack } from "./support/stack.ts";

const EMAIL = "lea@example.fr";
const PASSWORD = "a long password";

let stack: Stack;
let page: Page;
let productUrl = "";
let frSellerId = 0;

beforeAll(async () => {
  stack = await startStack();
  ({ page } = await stack.newPage());
});
afterAll(() => stack?.close());

/** A product's title as the API has it (the page's id is the last part of its address). */
async function titleOf(url: string): Promise<string> {
  return page.evaluate(async (id) => {
    const s = JSON.parse(localStorage.getItem("stoflow.session") ?? "{}");
    const res = await fetch(`/api/v1/products/${id}`, {
      headers: { authorization: `Bearer ${s.accessToken}` },
    });
    return (await res.json()).title;
  }, url.split("/").pop());
}

async function sandboxSession(login: string, domain: string) {
  const made = await stack.control("POST", "/users", { login, domain });
  return { user: made.user as { id: number }, json: JSON.stringify(made.session) };
}

describe("a seller in the dashboard", () => {
  it("signs up and lands on the onboarding wizard", async () => {
    await page.goto("/");
    await page.waitForURL("**/login**");
    await page.getByRole("link", { name: "Create a shop" }).click();
    await fillSignUp(page, "Chez Léa", EMAIL, PASSWORD);
    await expect.poll(() => page.getByTestId("shop-name").textContent()).toBe("Chez Léa");
  });

  it("connects a sandbox Vinted seller from the wizard", async () => {
    await page.getByTestId("pairing-button").click();
    await expect
      .poll(() => page.getByTestId("pairing-code").textContent())
      .toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    const fr = await sandboxSession("lea", "www.vinted.fr");
    frSellerId = fr.user.id;
    await page.getByTestId("sandbox-toggle").click();
    await page.getByLabel("Sandbox session (JSON)").fill(fr.json);
    await page.getByTestId("sandbox-connect").click();
    await expect.poll(() => page.getByTestId("vinted-connected").textContent()).toContain("lea");
    await page.getByTestId("wizard-next-1").click();
  });

  it("imports a sandbox WooCommerce store, approved on the store's page, with progress", async () => {
    // The Standard plan: room for the catalogue, and AI texts.
    const tenantId = await page.evaluate(
      () => JSON.parse(localStorage.getItem("stoflow.session") ?? "{}").tenant.id,
    );
    await setPlan(stack.engine, tenantId, "standard");
    await page.getByTestId("store-url").fill(stack.woo.url);
    await page.getByTestId("connect-woo").click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(
      (url) => url.pathname === "/onboarding" && url.searchParams.get("step") === "2",
    );
    await page.getByTestId("shop-source").waitFor();
    await expect
      .poll(() => page.getByTestId("import-status").getAttribute("data-status"), {
        timeout: 60_000,
      })
      .toBe("succeeded");
    expect(await page.getByTestId("shop-source").textContent()).toContain("24 / 24");
    await shot(page, "flow-imported");
    await page.getByTestId("wizard-next-2").click();
    await page.getByTestId("wizard-create").click();
    await page.waitForURL("**/products/new");
  });

  it("creates a product, sees the lint errors, fixes them with a photo", async () => {
    await page.getByLabel("Title").fill("Jean Levi's 501 bleu");
    await page
      .getByLabel("Description")
      .fill("Jean droit, très bon état. Plus de photos sur https://example.com");
    await page.getByLabel("Price (€)").pressSequentially("25");
    await page.getByLabel("Brand").fill("Levi's");
    await page.getByLabel("Size").fill("38");
    await page.getByLabel("Category").fill("femmes/vetements/jeans");
    await page.getByLabel("Colours").fill("bleu");
    await page.getByTestId("condition").click();
    await page.getByRole("option", { name: "Very good" }).click();
    await page.getByTestId("save").click();
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/);
    productUrl = new URL(page.url()).pathname;

    const errors = page.getByTestId("lint-error");
    await expect.poll(() => errors.count()).toBeGreaterThanOrEqual(2);
    const text = (await errors.allTextContents()).join("\n");
    expect(text).toMatch(/Photos/);
    expect(text).toMatch(/Description/);
    expect(await page.getByTestId("publish").isDisabled()).toBe(true);
    await shot(page, "flow-lint-errors");

    await page.getByLabel("Description").fill("Jean droit, très bon état, porté deux fois.");
    await page.getByTestId("save").click();
    await page.setInputFiles("[data-testid=photo-input]", {
      name: "face.jpg",
      mimeType: "image/jpeg",
      buffer: await drawJpeg(page),
    });
    await page.getByTestId("lint-ready").waitFor();
    expect(await page.getByTestId("publish").isDisabled()).toBe(false);
  });

  it("writes the Vinted texts with AI and applies them", async () => {
    await page.getByTestId("ai-button").click();
    await page.getByTestId("ai-tone").click();
    await page.getByRole("option", { name: "Enthusiastic" }).click();
    await page.getByTestId("ai-generate").click();
    const result = page.getByTestId("ai-result");
    await result.waitFor({ timeout: 60_000 });
    const title = (await result.locator("h3").textContent())?.trim() ?? "";
    expect(title.length).toBeGreaterThan(5);
    await shot(page, "flow-ai");
    await page.getByTestId("ai-apply").click();
    await expect.poll(() => page.getByLabel("Title").inputValue()).toBe(title);
    await page.getByTestId("lint-ready").waitFor();
  });

  it("connects a second seller from the connections page", async () => {
    const de = await sandboxSession("lea-de", "www.vinted.de");
    await page.goto("/connections");
    await page.getByRole("button", { name: "Connect Vinted" }).click();
    await page.getByTestId("sandbox-toggle").click();
    await page.getByLabel("Sandbox session (JSON)").fill(de.json);
    await page.getByTestId("sandbox-connect").click();
    await page.getByTestId("vinted-connected").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("vinted-account").count()).toBe(2);
  });

  it("publishes on both accounts and sees it published live", async () => {
    await page.goto(productUrl);
    await page.getByTestId("lint-ready").waitFor();
    await page.getByTestId("publish").click();
    const published = page.locator("[data-testid=listing-row][data-state=published]");
    await expect.poll(() => published.count(), { timeout: 60_000 }).toBe(2);
    await shot(page, "flow-published");

    const productTitle = await page.getByLabel("Title").inputValue();
    await page.goto("/products");
    await page.getByTestId("products-table").getByText(productTitle).waitFor();
    const chip = page
      .getByRole("row")
      .filter({ hasText: productTitle })
      .locator("[data-platform=vinted]");
    await expect.poll(() => chip.getAttribute("data-state")).toBe("published");
  });

  it("sees the sale on Vinted: sold there, delisted on the other account", async () => {
    await page.goto("/publications");
    await page.getByTestId("live").filter({ hasText: "Live" }).waitFor();
    const items = (await stack.control("GET", `/users/${frSellerId}/items`)).items as {
      id: number;
    }[];
    expect(items).toHaveLength(1);
    await stack.control("POST", `/items/${items[0]?.id}/sell`);
    expect(await stack.pollSales()).toBe(2);

    const states = page.getByTestId("publication-state");
    await expect
      .poll(
        async () =>
          (await states.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")))).sort(),
        {
          timeout: 60_000,
        },
      )
      .toEqual(["delisted", "sold"]);
    await expect.poll(() => page.getByTestId("activity-item").count()).toBeGreaterThan(0);
    await shot(page, "flow-sold");
    await page.goto(productUrl);
    const rows = page.getByTestId("listing-row");
    await expect
      .poll(async () =>
        (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")))).sort(),
      )
      .toEqual(["delisted", "sold"]);
  });

  it("writes texts for several products at once, and exports the catalogue as CSV", async () => {
    await page.goto("/products");
    const rows = page.locator(".p-datatable-tbody > tr");
    await rows.nth(2).waitFor();
    await rows.nth(1).locator(".p-checkbox").click();
    await rows.nth(2).locator(".p-checkbox").click();
    await page.getByTestId("bulk-ai").click();
    await page.getByTestId("ai-run-done").waitFor({ timeout: 60_000 });
    expect(await page.getByRole("dialog").textContent()).toContain(
      "2 of 2 products done, 0 failed",
    );
    await shot(page, "flow-ai-run");
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).last().click();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const csv = await (await download.createReadStream()).toArray();
    const records = parse(Buffer.concat(csv).toString("utf8"), { columns: true }) as {
      title: string;
    }[];
    expect(records).toHaveLength(25); // 24 imported products and the jeans
    expect(records.map((r) => r.title)).toContain(await titleOf(productUrl));
  });

  it("imports products from CSV and lists the rows it refused", async () => {
    await page.goto("/products");
    await page.getByTestId("products-table").locator("tbody tr").first().waitFor();
    await page.setInputFiles("[data-testid=csv-input]", {
      name: "products.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("sku,title,price\nCSV-1,Veste en jean bleue,30\nCSV-2,,12\n"),
    });
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("1 created, 0 updated, 1 failed.");
    expect(await dialog.textContent()).toMatch(/Row \d/);
    await shot(page, "flow-csv-errors");
    await page.keyboard.press("Escape");
    await page.getByPlaceholder("Search SKU, title, brand").fill("CSV-1");
    await page.getByTestId("products-table").getByText("Veste en jean bleue").waitFor();
  });

  it("reads a plan limit as a message: the plan has one seat", async () => {
    await page.goto("/settings");
    await page.getByLabel("E-mail to invite").fill("sam@example.fr");
    await page.getByRole("button", { name: "Invite" }).click();
    const toast = page.locator(".p-toast-message-error");
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(/plan/i);
    await page.waitForTimeout(500); // the toast's entrance
    await shot(page, "flow-plan-limit");
  });

  it("logs out in every tab, refuses a wrong password, then signs in again", async () => {
    const other = await page.context().newPage();
    await other.goto("/stats");
    await other.getByRole("heading", { name: "Stats" }).waitFor();
    await page.getByTestId("logout").click();
    await page.waitForURL("**/login");
    await other.waitForURL("**/login**");
    await other.close();
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password", { exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect
      .poll(() => page.getByTestId("auth-error").textContent())
      .toContain("Wrong e-mail or password");
    await shot(page, "flow-wrong-password");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/products");
  });

  it("sends an expired session back to the login page", async () => {
    // A session whose tokens no longer work (revoked refresh token): the next call ends it.
    await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("stoflow.session") ?? "{}");
      localStorage.setItem(
        "stoflow.session",
        JSON.stringify({
          ...s,
          accessToken: "expired",
          refreshToken: "revoked",
          expiresAt: Date.now() + 60_000,
        }),
      );
    });
    await page.goto("/stats");
    await page.waitForURL("**/login?expired=1**");
    await page.getByText("Your session has expired").waitFor();
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/stats");
  });

  it("shows every page in English and French, at desktop and phone width", async () => {
    const pages = [
      "onboarding",
      "products",
      productUrl.slice(1),
      "publications",
      "stats",
      "connections",
      "settings",
    ];
    for (const [lang, label] of [
      ["en", "English"],
      ["fr", "Français"],
    ] as const) {
      await chooseLanguage(page, label);
      for (const path of pages) {
        await page.goto(`/${path}`);
        await settle(page);
        await shot(page, `${lang}-${path.startsWith("products/") ? "product" : path}`);
      }
      expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    }
    await page.goto("/products");
    await page.getByRole("heading", { name: "Produits" }).waitFor();
    await page
      .getByText(/^25,00\s€$/)
      .first()
      .waitFor();

    // Keyboard: the first Tab reaches the link that skips the navigation.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      "Aller au contenu",
    );

    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["products", productUrl.slice(1), "publications", "stats"]) {
      await page.goto(`/${path}`);
      await settle(page);
      await shot(page, `phone-fr-${path.startsWith("products/") ? "product" : path}`);
    }
    await page.setViewportSize({ width: 1280, height: 860 });

    const { page: visitor, context } = await stack.newPage({ locale: "fr-FR" });
    await visitor.goto("/login");
    await visitor.getByRole("heading", { name: "Connexion à Stoflow" }).waitFor();
    await shot(visitor, "fr-login");
    await visitor.goto("/signup");
    await shot(visitor, "fr-signup");
    await context.close();
    const { page: english, context: en } = await stack.newPage({ locale: "en-GB" });
    await english.goto("/login");
    await english.getByRole("heading", { name: "Log in to Stoflow" }).waitFor();
    await shot(english, "en-login");
    await english.goto("/signup");
    await shot(english, "en-signup");
    await en.close();
    expect(stack.pageErrors).toEqual([]);
  });
});
