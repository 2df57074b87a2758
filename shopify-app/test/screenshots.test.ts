// The built app's pages in Debian's chromium, opened as Shopify admin opens them (embedded,
// with a session token), against a real engine and the Shopify sandbox. Screenshots go to
// test/screenshots/ (gitignored) for a person to look at.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../engine/test/support/sandbox-flow.ts";
import { adminDocument, sessionToken, storeOfflineSession } from "./support/requests.ts";
import { serveBuild } from "./support/serve-build.ts";
import { CREDENTIAL, type Stack, startStack } from "./support/stack.ts";

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
let stack: Stack;
let served: Awaited<ReturnType<typeof serveBuild>>;
let browser: Browser;
let page: Page;
let token: string;
let productId: string;

async function engine(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.engine.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ products: 12 });
  served = await serveBuild(stack.env);
  const { sessionStorage } = await import("../app/shopify.server");
  const session = await storeOfflineSession(stack, sessionStorage);
  const { installShop } = await import("../app/stoflow/install.server");
  await installShop(session, "fr");
  const opened = await fetch(`${stack.engine.url}/api/v1/apps/shopify/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-stoflow-app-credential": CREDENTIAL },
    body: JSON.stringify({ shop: stack.sandbox.shop }),
  });
  token = (await opened.json()).accessToken;
  const products = await until(
    () => engine("GET", "/api/v1/products?perPage=1"),
    (p) => p.total === 12,
    60_000,
  );
  productId = products.items[0].id;
  await engine("POST", "/api/v1/ai/generate-description", { productId });
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
  // Shopify's package answers bots (HeadlessChrome's user agent is one) with 410.
  page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
  });
  // What App Bridge does in admin: the page's own fetches carry a session token.
  await page.addInitScript(
    (jwt: string) => {
      const original = window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
        const href = input instanceof Request ? input.url : String(input);
        if (new URL(href, location.href).origin !== location.origin) return original(input, init);
        const headers = new Headers(
          init.headers ?? (input instanceof Request ? input.headers : {}),
        );
        headers.set("Authorization", `Bearer ${jwt}`);
        return original(input, { ...init, headers });
      };
    },
    await sessionToken(stack),
  );
  // Shopify's CDN (App Bridge, fonts) is out of reach here; the pages render without it.
  await page.route(/^https:\/\/cdn\.shopify\.com\//, (route) => route.abort());
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  const { sessionStorage } = await import("../app/shopify.server");
  await sessionStorage.disconnect();
  await stack?.close();
});

/** Visible now or within a few seconds (a 2-core machine shared with other work). */
const visible = (locator: Locator) =>
  locator
    .first()
    .waitFor({ state: "visible", timeout: 15_000 })
    .then(() => true)
    .catch(() => false);

async function open(path: string, name: string) {
  const signed = new URL((await adminDocument(stack, path)).url);
  const answer = await page.goto(`${served.url}${signed.pathname}${signed.search}`);
  expect(answer?.status()).toBe(200);
  await shot(name);
}

async function shot(name: string) {
  // In Shopify admin, App Bridge moves the nav menu into the admin's sidebar.
  await page.addStyleTag({ content: "ui-nav-menu { display: none !important; }" });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

describe("pages in the browser", () => {
  it("home: stats, Vinted status and the getting-started steps, in French", async () => {
    await open("/app?locale=fr", "home-fr");
    expect(await visible(page.getByText("Premiers pas"))).toBe(true);
    expect(await visible(page.getByText("Boutique Shopify connectée"))).toBe(true);
    expect(await visible(page.getByText("Publiés aujourd'hui"))).toBe(true);
  });

  it("products: the table with a status per platform and the row actions", async () => {
    await open("/app/products?locale=en", "products-en");
    expect(await visible(page.getByRole("columnheader", { name: "Status" }))).toBe(true);
    expect(await visible(page.getByText("Vinted: Not listed").first())).toBe(true);
    expect(await visible(page.getByRole("button", { name: "Publish", exact: true }).first())).toBe(
      true,
    );
  });

  it("products: a bulk action on selected rows", async () => {
    await open("/app/products?locale=en", "products-en");
    const boxes = page.locator("tbody input[type=checkbox]");
    await boxes.nth(0).check({ force: true });
    await boxes.nth(1).check({ force: true });
    await page.getByRole("button", { name: "Write texts with AI" }).click();
    expect(await visible(page.getByText("AI texts are being written for 2 product(s)"))).toBe(true);
    await shot("products-bulk-en");
  });

  it("product detail: AI texts per platform, listing check and preview", async () => {
    await open(`/app/products/${productId}?locale=en`, "product-en");
    expect(await visible(page.getByText("AI texts"))).toBe(true);
    expect(await visible(page.getByText("Listing check"))).toBe(true);
    expect(await visible(page.getByText("Preview on Vinted"))).toBe(true);
  });

  it("connections, settings and plan pages", async () => {
    await open("/app/connections?locale=fr", "connections-fr");
    await page.getByRole("button", { name: "Obtenir un code d'association" }).click();
    expect(await visible(page.getByText(/Code d'association : \w+/))).toBe(true);
    await shot("connections-fr");
    await open("/app/settings?locale=en", "settings-en");
    expect(await visible(page.getByText("AI writing"))).toBe(true);
    await open("/app/plan?locale=en", "plan-en");
    expect(await visible(page.getByText(/Current plan/))).toBe(true);
  });
});
