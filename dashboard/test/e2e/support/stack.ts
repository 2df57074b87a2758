// Everything a browser test needs: the Vinted, WooCommerce and OpenAI sandboxes, the engine
// wired to them with its pipeline (serving the built dashboard), and Debian's chromium driven
// by playwright-core.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { sweepSalesPolls } from "../../../../engine/src/pipeline/poll-sales.ts";
import {
  type OpenAiSandbox,
  startOpenAiSandbox,
} from "../../../../engine/src/sandbox/openai/server.ts";
import {
  startVintedSandbox,
  type VintedSandbox,
} from "../../../../engine/src/sandbox/vinted/server.ts";
import {
  startWooSandbox,
  type WooSandbox,
} from "../../../../engine/src/sandbox/woocommerce/server.ts";
import { startTestEngine, type TestEngine } from "../../../../engine/test/support/engine.ts";

export const SCREENSHOTS = fileURLToPath(new URL("../../screenshots", import.meta.url));

export interface Stack {
  sandbox: VintedSandbox;
  woo: WooSandbox;
  openai: OpenAiSandbox;
  engine: TestEngine;
  browser: Browser;
  // biome-ignore lint/suspicious/noExplicitAny: control answers are read loosely
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** What the 5-minute sweep does: queue a sales poll per connected account, now. */
  pollSales(): Promise<number>;
  /** A page in a fresh context; its uncaught errors go to `pageErrors`. */
  newPage(options?: {
    locale?: string;
    width?: number;
  }): Promise<{ context: BrowserContext; page: Page }>;
  /** Every uncaught error of every page: a suite ends expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const sandbox = await startVintedSandbox();
  const woo = await startWooSandbox({ products: 24, seedKey: false });
  const openai = await startOpenAiSandbox();
  const engine = await startTestEngine(
    {
      STOFLOW_VINTED_URL: sandbox.url,
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_API_KEY: "sk-sandbox",
      STOFLOW_AI_MAX_RETRIES: "1",
    },
    { publishing: {} },
  );
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pageErrors: string[] = [];
  return {
    pageErrors,
    sandbox,
    woo,
    openai,
    engine,
    browser,
    async control(method, path, body) {
      const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? undefined : res.json();
    },
    async pollSales() {
      const boss = engine.ctx.publishing?.pipeline.boss;
      if (!boss) throw new Error("publishing is not running");
      return sweepSalesPolls(boss, engine.ctx.database.db);
    },
    async newPage({ locale = "en-GB", width = 1280 } = {}) {
      const context = await browser.newContext({
        baseURL: engine.url,
        locale,
        viewport: { width, height: 860 },
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      return { context, page };
    },
    async close() {
      await browser.close().catch(() => {});
      await engine.close();
      await Promise.all([sandbox.close(), woo.close(), openai.close()]);
    },
  };
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** The same page at phone width (390 × 844), then back to the width it had. */
export async function shotAtPhoneWidth(page: Page, name: string) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await shot(page, name);
  if (before) await page.setViewportSize(before);
}
