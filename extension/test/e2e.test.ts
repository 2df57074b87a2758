// The extension in Debian's chromium against a real engine and the Vinted sandbox served as
// https://www.vinted.fr: pair, log in on Vinted, session captured and stored encrypted, popup
// and badge, a refreshed cookie re-sent, disconnect.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepSalesPolls } from "../../engine/src/pipeline/poll-sales.ts";
import { startVintedSandbox, type VintedSandbox } from "../../engine/src/sandbox/vinted/server.ts";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "../../engine/test/support/engine.ts";
import { createProduct, imageForm, JPEG } from "../../engine/test/support/products.ts";
import { buildExtension } from "../build.ts";
import {
  badgeOf,
  type ExtensionBrowser,
  launchWithExtension,
  until,
  vintedCertificate,
} from "./support/browser.ts";

const SCREENSHOTS = join(import.meta.dirname, "screenshots");
const GREEN = [26, 127, 55, 255];
const RED = [207, 34, 46, 255];
const GREY = [140, 149, 159, 255];

describe("the extension in chromium", () => {
  let engine: TestEngine;
  let sandbox: VintedSandbox;
  let browser: ExtensionBrowser;
  let lea: SignedUp;
  let popup: Page;
  let buildDir: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildDir = mkdtempSync(join(tmpdir(), "stoflow-extension-"));
    const built = await buildExtension(buildDir);
    sandbox = await startVintedSandbox({ tls: await vintedCertificate(["www.vinted.fr"]) });
    // The pipeline runs (relay test); the server never calls Vinted here: the account relays.
    engine = await startTestEngine({}, { publishing: {} });
    lea = await signUp(engine, "Chez Léa");
    browser = await launchWithExtension(
      built.dirs.chrome,
      `MAP www.vinted.fr 127.0.0.1:${sandbox.port}`,
    );
    popup = await browser.context.newPage();
    popup.on("pageerror", (error) => console.error("popup:", error));
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await engine?.close();
    rmSync(buildDir, { recursive: true, force: true });
  });

  const openPopup = async (name: string) => {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.setViewportSize({ width: 360, height: 420 });
    await popup.locator("body[data-ready]").waitFor();
    await popup.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  };

  /** The session the engine holds for Léa's Vinted account, decrypted. */
  const storedSession = async () => {
    const [row] = await withTenant(engine.database.db, lea.tenantId, (tx) =>
      tx
        .select({ ciphertext: tenant.channelAccounts.credentialsCiphertext })
        .from(tenant.channelAccounts)
        .where(eq(tenant.channelAccounts.platform, "vinted")),
    );
    if (!row?.ciphertext) return undefined;
    const plain = await engine.ctx.vault.decrypt(lea.tenantId, row.ciphertext);
    return { raw: row.ciphertext, session: JSON.parse(plain.toString("utf8")) };
  };

  const browserCookie = async (name: string) =>
    (await browser.context.cookies("https://www.vinted.fr/")).find((c) => c.name === name)?.value;

  it("starts grey and unpaired, with the pairing form", async () => {
    await openPopup("1-unpaired");
    await expect(popup.locator("#pair-form")).toBeTruthy();
    expect(await popup.locator("#engine-url").inputValue()).toBe("https://app.stoflow.io");
    const badge = await badgeOf(browser.worker);
    expect(badge.color).toEqual(GREY);
  });

  it("refuses a plain-http engine that is not localhost, then pairs with a dashboard code", async () => {
    await popup.fill("#engine-url", "http://stoflow.example.com");
    await popup.fill("#pairing-code", "ABCD-EFGH");
    await popup.click("#pair");
    await popup.locator("#pair-error").waitFor({ state: "visible" });
    expect(await popup.locator("#pair-error").textContent()).toContain("https://");

    const code = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: lea.accessToken,
    });
    await popup.fill("#engine-url", engine.url);
    await popup.fill("#pairing-code", code.body.code);
    await popup.click("#pair");
    await until("paired", async () => {
      const error = popup.locator("#pair-error");
      if (await error.isVisible()) throw new Error(`Pairing failed: ${await error.textContent()}`);
      return popup.locator("#paired").isVisible();
    });
    // Paired, but Vinted not logged in yet: the engine holds no session, the badge is red.
    await until("a red badge", async () => {
      const badge = await badgeOf(browser.worker);
      return JSON.stringify(badge.color) === JSON.stringify(RED);
    });
    await openPopup("2-paired-no-vinted");
    expect(await popup.locator("#no-site").isVisible()).toBe(true);
  });

  it("sends the session, encrypted, once the seller logs in on Vinted", async () => {
    const vinted = await browser.context.newPage();
    await vinted.goto("https://www.vinted.fr/member/login");
    await vinted.fill("#login", "lea_vintage");
    await vinted.click("#submit");
    await vinted.locator("#whoami").waitFor();

    const stored = await until("the session on the engine", storedSession);
    const accessToken = await browserCookie("access_token_web");
    expect(accessToken).toBeTruthy();
    expect(stored.raw.toString("latin1")).not.toContain(accessToken);
    expect(stored.session).toMatchObject({
      domain: "www.vinted.fr",
      username: "lea_vintage",
      csrfToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      userAgent: expect.stringContaining("Chrome"),
    });
    expect(stored.session.cookies.access_token_web).toBe(accessToken);
    expect(stored.session.cookies._vinted_fr_session).toBe(
      await browserCookie("_vinted_fr_session"),
    );
    // What the engine stored works on Vinted: the sandbox knows this session's CSRF token.
    const live = [...sandbox.state.sessions.values()].find((s) => s.accessToken === accessToken);
    expect(live?.csrfToken).toBe(stored.session.csrfToken);

    await until(
      "a green badge",
      async () => JSON.stringify((await badgeOf(browser.worker)).color) === JSON.stringify(GREEN),
    );
    await openPopup("3-connected");
    expect(await popup.locator("#sites").textContent()).toContain(
      "Connected to Vinted as @lea_vintage",
    );
    expect(await popup.locator("#sites").textContent()).toContain("www.vinted.fr");
    expect(await popup.locator("#account").textContent()).toContain(engine.url);
    await vinted.close();
  });

  it("re-sends the session when Vinted refreshes the access token cookie", async () => {
    const before = await browserCookie("access_token_web");
    const vinted = await browser.context.newPage();
    await vinted.goto("https://www.vinted.fr/");
    const status = await vinted.evaluate(async () => {
      const res = await fetch("/web/api/auth/refresh", { method: "POST" });
      return res.status;
    });
    expect(status).toBe(200);
    const after = await browserCookie("access_token_web");
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    await until("the refreshed token on the engine", async () => {
      const stored = await storedSession();
      return stored?.session.cookies.access_token_web === after;
    });
    await vinted.close();
  });

  it("performs a relay account's queued publish, then sees its sale, from the browser on Sync now", async () => {
    const accounts = await request(engine, "GET", "/api/v1/channel-accounts", {
      token: lea.accessToken,
    });
    const account = accounts.body.channelAccounts[0];
    const relay = await request(engine, "PUT", `/api/v1/channel-accounts/${account.id}/relay`, {
      token: lea.accessToken,
      body: { enabled: true },
    });
    expect(relay.status).toBe(200);
    const product = await createProduct(engine, lea.accessToken, {
      title: "Jean Levi's 501 bleu",
      description: "Jean droit en très bon état, porté deux fois.",
      brand: "Levi's",
      category: "femmes/vetements/jeans",
      size: "38",
      colors: ["bleu"],
      condition: "very_good",
      price: 25,
      quantity: 1,
    });
    const image = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
      token: lea.accessToken,
      rawBody: imageForm({ data: JPEG, name: "face.jpg", type: "image/jpeg" }),
    });
    expect(image.status).toBe(201);
    const published = await request(engine, "POST", `/api/v1/products/${product.id}/publish`, {
      token: lea.accessToken,
      body: { platforms: ["vinted"] },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(202);

    await openPopup("3-connected");
    await popup.click("#sync");
    const listing = await until("the listing published by the browser", async () => {
      const res = await request(engine, "GET", `/api/v1/listings?productId=${product.id}`, {
        token: lea.accessToken,
      });
      const [row] = res.body.items;
      return row?.state === "published" ? row : undefined;
    });
    const user = [...sandbox.state.users.values()].find((u) => u.login === "lea_vintage");
    const items = sandbox.state.itemsOf(user?.id ?? 0);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: "Jean Levi's 501 bleu", price: "25.00" });
    expect(items[0]?.photoIds).toHaveLength(1);
    expect(listing.externalId).toBe(String(items[0]?.id));

    // Sold on Vinted while the server is blocked: the browser polls the wardrobe on Sync now.
    sandbox.state.sell(Number(listing.externalId));
    const boss = engine.ctx.publishing?.pipeline.boss;
    if (!boss) throw new Error("publishing is not running");
    await sweepSalesPolls(boss, engine.database.db);
    await until("the sale seen by the browser's poll", async () => {
      await popup.click("#sync");
      const res = await request(engine, "GET", `/api/v1/listings?productId=${product.id}`, {
        token: lea.accessToken,
      });
      return res.body.items[0]?.state === "sold";
    });
    const stored = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: lea.accessToken,
    });
    expect(stored.body.quantity).toBe(0);
  });

  it("turns grey and revokes the device token on disconnect", async () => {
    const { pairing } = (await browser.worker.evaluate(() =>
      chrome.storage.local.get("pairing"),
    )) as {
      pairing: { deviceToken: string };
    };
    await openPopup("3-connected");
    await popup.click("#unpair");
    await popup.locator("#unpaired").waitFor({ state: "visible" });
    await until(
      "a grey badge",
      async () => JSON.stringify((await badgeOf(browser.worker)).color) === JSON.stringify(GREY),
    );
    await openPopup("4-disconnected");
    const status = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      headers: { authorization: `Bearer ${pairing.deviceToken}` },
    });
    expect(status.status).toBe(401);
  });
});
