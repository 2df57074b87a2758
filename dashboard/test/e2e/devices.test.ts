// The browsers paired with the shop, in a browser against a real engine: the Connections
// panel lists them with their state, an owner revokes a lost one behind a confirmation (its
// device token is then refused over real HTTP), and relay mode warns when no paired browser
// has been seen for a day. Screenshots in both languages and at phone width.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectVinted, pairDevice } from "../../../engine/test/support/channels.ts";
import { request, setPlan } from "../../../engine/test/support/engine.ts";
import { join } from "../../../engine/test/support/team.ts";
import { chooseLanguage, fillSignUp, settle, storedSession } from "./support/page.ts";
import { type Stack, shot, shotAtPhoneWidth, startStack } from "./support/stack.ts";

let stack: Stack;
let page: Page;
let ownerToken = "";
let laptopToken = "";

beforeAll(async () => {
  stack = await startStack();
  ({ page } = await stack.newPage());
});
afterAll(() => stack?.close());

const panel = () => page.getByTestId("paired-browsers");
const row = (name: string) => page.getByTestId("device").filter({ hasText: name });
const noDeviceWarning = () => page.getByTestId("relay-no-device");

/** GET the session status with a device token, as the extension's badge does. */
const asExtension = async (token: string) =>
  (await request(stack.engine, "GET", "/api/v1/channels/vinted/session", { token })).status;

describe("paired browsers on the Connections page", () => {
  it("lists the shop's browsers: the one that synced Vinted is active, a new one not seen yet", async () => {
    await page.goto("/signup");
    await fillSignUp(page, "Chez Léa", "lea@example.fr", "a long password");
    const session = await storedSession(page);
    ownerToken = session.accessToken;
    await setPlan(stack.engine, session.tenant.id, "business");
    const made = await stack.control("POST", "/users", { login: "lea", domain: "www.vinted.fr" });
    const vinted = await connectVinted(stack.engine, { accessToken: ownerToken }, made.session);
    laptopToken = vinted.deviceToken;
    await pairDevice(stack.engine, { accessToken: ownerToken }, "Firefox at home");
    const relay = await request(
      stack.engine,
      "PUT",
      `/api/v1/channel-accounts/${vinted.account.id}/relay`,
      { token: ownerToken, body: { enabled: true } },
    );
    expect(relay.status).toBe(200);

    await page.goto("/connections");
    await settle(page);
    await panel().getByRole("heading", { name: "Paired browsers" }).waitFor();
    expect(await page.getByTestId("device").count()).toBe(2);
    const laptop = row("Chrome on the test laptop");
    expect(await laptop.getAttribute("data-state")).toBe("live");
    expect(await laptop.getByTestId("device-state").textContent()).toBe("Active");
    expect(await laptop.textContent()).toContain("Paired on");
    expect(await laptop.textContent()).toContain("last seen on");
    const home = row("Firefox at home");
    expect(await home.getAttribute("data-state")).toBe("never");
    expect(await home.getByTestId("device-state").textContent()).toBe("Not seen yet");
    // Relay mode is on and the laptop is live: no warning.
    await page.getByTestId("relay-on").waitFor();
    expect(await noDeviceWarning().count()).toBe(0);
    await shot(page, "en-devices");
  });

  it("revokes a lost laptop behind a confirmation: its token gets 401, relay mode warns", async () => {
    expect(await asExtension(laptopToken)).toBe(200);
    await row("Chrome on the test laptop").getByTestId("revoke-device").click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("Revoke Chrome on the test laptop?");
    await page.waitForTimeout(500); // the dialog's entrance
    await shot(page, "en-devices-revoke");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await asExtension(laptopToken)).toBe(200);

    await row("Chrome on the test laptop").getByTestId("revoke-device").click();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    const laptop = row("Chrome on the test laptop");
    await expect.poll(() => laptop.getAttribute("data-state")).toBe("revoked");
    expect(await laptop.getByTestId("device-state").textContent()).toBe("Revoked");
    expect(await laptop.getByTestId("revoke-device").count()).toBe(0);
    expect(await laptop.textContent()).toContain("revoked on");
    expect(await page.getByTestId("device").last().getAttribute("data-state")).toBe("revoked");
    expect(await asExtension(laptopToken)).toBe(401);

    // The other browser was never seen: nothing can relay, and the account says so.
    await noDeviceWarning().waitFor();
    expect(await noDeviceWarning().textContent()).toContain(
      "Relay mode is on but no browser with the Stoflow extension has been seen for a day: open your browser, or pair it again.",
    );
    await page.waitForTimeout(500); // the toast's entrance
    await shot(page, "en-relay-no-device");
  });

  it("a browser that synced, then was not seen for more than a day, also leaves relay mode warning", async () => {
    const vinted = await connectVinted(
      stack.engine,
      { accessToken: ownerToken },
      (await stack.control("POST", "/users", { login: "lea2", domain: "www.vinted.fr" })).session,
    );
    await page.reload();
    await settle(page);
    expect(await page.getByTestId("device").filter({ hasText: "Chrome" }).count()).toBe(2);
    expect(await noDeviceWarning().count()).toBe(0);

    const { rows } = await stack.engine.database.pool.query(
      `UPDATE devices SET last_seen_at = now() - interval '25 hours'
       WHERE revoked_at IS NULL AND last_seen_at IS NOT NULL RETURNING id`,
    );
    expect(rows).toHaveLength(1);
    await page.reload();
    await settle(page);
    const idle = page.locator(`[data-testid=device][data-state=idle]`);
    expect(await idle.getByTestId("device-state").textContent()).toBe("Not seen for a day");
    await expect.poll(() => noDeviceWarning().count()).toBeGreaterThan(0);
    // It calls again (the browser was opened): live, and the warning goes.
    expect(await asExtension(vinted.deviceToken)).toBe(200);
    await page.reload();
    await settle(page);
    expect(await idle.count()).toBe(0);
    expect(await noDeviceWarning().count()).toBe(0);
    await stack.engine.database.pool.query(
      "UPDATE devices SET last_seen_at = now() - interval '25 hours' WHERE id = $1",
      [rows[0].id],
    );
  });

  it("reads it all in French, at desktop and phone width", async () => {
    await chooseLanguage(page, "Français");
    await page.reload();
    await settle(page);
    await panel().getByRole("heading", { name: "Navigateurs associés" }).waitFor();
    const states = page.getByTestId("device-state");
    expect(await states.allTextContents()).toEqual([
      "Pas vu depuis un jour",
      "Pas encore vu",
      "Révoqué",
    ]);
    expect(await row("Firefox at home").getByTestId("device-state").textContent()).toBe(
      "Pas encore vu",
    );
    await expect.poll(() => noDeviceWarning().count()).toBeGreaterThan(0);
    expect(await noDeviceWarning().first().textContent()).toContain(
      "aucun navigateur avec l'extension Stoflow ne s'est manifesté depuis un jour",
    );
    await shot(page, "fr-devices");
    await shotAtPhoneWidth(page, "phone-fr-devices");
    await chooseLanguage(page, "English");
  });

  it("a member sees the browsers and the warning, without the means to revoke", async () => {
    const sam = await join(stack.engine, { accessToken: ownerToken }, "member");
    const { page: p } = await stack.newPage();
    await p.goto("/login");
    await p.getByLabel("E-mail").fill(sam.email);
    await p.getByLabel("Password", { exact: true }).fill(sam.password);
    await p.getByRole("button", { name: "Log in" }).click();
    await p.waitForURL((url) => url.pathname !== "/login");
    await p.goto("/connections");
    await settle(p);
    expect(await p.getByTestId("device").count()).toBe(3);
    expect(await p.getByTestId("revoke-device").count()).toBe(0);
    expect(await p.getByTestId("paired-browsers").textContent()).toContain(
      "Only owners and admins can revoke a browser.",
    );
    await p.getByTestId("relay-no-device").first().waitFor();
    expect(stack.pageErrors).toEqual([]);
  });
});
