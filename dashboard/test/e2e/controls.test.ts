// The seller's controls over how Stoflow works for the shop, in a browser against a real
// engine: relay mode on a Vinted account (an owner switches it, a member only sees it).
// Screenshots in both languages and at phone width.
import { tenantSchema } from "@stoflow/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectVinted } from "../../../engine/test/support/channels.ts";
import { request, setPlan } from "../../../engine/test/support/engine.ts";
import { chooseLanguage, fillSignUp, settle, storedSession } from "./support/page.ts";
import { type Stack, shot, shotAtPhoneWidth, startStack } from "./support/stack.ts";

let stack: Stack;
let page: Page;
let ownerToken = "";
let tenantId = 0;

beforeAll(async () => {
  stack = await startStack();
  ({ page } = await stack.newPage());
});
afterAll(() => stack?.close());

/** The account as the API has it, read with the owner's token. */
async function accountOf(username: string) {
  const res = await request(stack.engine, "GET", "/api/v1/channel-accounts", {
    token: ownerToken,
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
  return res.body.channelAccounts.find((a: any) => a.username === username);
}

/** A second browser signed in as the shop's member (invited in the relay tests). */
async function signInAsMember() {
  const member = await stack.newPage();
  const p = member.page;
  await p.goto("/login");
  await p.getByLabel("E-mail").fill("sam@example.fr");
  await p.getByLabel("Password", { exact: true }).fill("another long password");
  await p.getByRole("button", { name: "Log in" }).click();
  await p.waitForURL((url) => url.pathname !== "/login");
  return member;
}

describe("relay mode on a Vinted account", () => {
  const account = () => page.getByTestId("vinted-account");
  const relaySwitch = () => account().getByRole("switch");

  it("signs up and connects a sandbox Vinted seller", async () => {
    await page.goto("/signup");
    await fillSignUp(page, "Chez Léa", "lea@example.fr", "a long password");
    const session = await storedSession(page);
    ownerToken = session.accessToken;
    tenantId = session.tenant.id;
    await setPlan(stack.engine, session.tenant.id, "business");
    const made = await stack.control("POST", "/users", { login: "lea", domain: "www.vinted.fr" });
    await connectVinted(stack.engine, { accessToken: ownerToken }, made.session);

    await page.goto("/connections");
    await settle(page);
    await account().waitFor();
    expect(await account().getAttribute("data-testid")).toBe("vinted-account");
    expect(await account().getByTestId("relay").getAttribute("data-relay")).toBe("off");
    expect(await relaySwitch().isChecked()).toBe(false);
    expect(await account().textContent()).toContain("instead of Stoflow's server");
    expect(await account().getByTestId("relay-on").count()).toBe(0);
  });

  it("a blocked account says why and suggests relay mode; turning it on lifts the pause", async () => {
    // The pause a 403 leaves, as the pipeline records it (engine/src/pipeline/account-state.ts).
    await stack.engine.database.pool.query(
      `UPDATE ${tenantSchema(tenantId)}.channel_accounts
       SET status = 'paused', status_reason = 'Vinted blocked the request (403)',
           paused_until = now() + interval '1 hour'`,
    );
    await page.reload();
    await settle(page);
    expect(await account().getByTestId("account-status").textContent()).toBe("Paused");
    expect(await account().textContent()).toContain("Vinted blocked the request (403)");
    expect(await account().getByTestId("relay-suggest").textContent()).toContain(
      "turn on relay mode to publish through your browser.",
    );
    await shot(page, "en-relay-blocked");

    await relaySwitch().click();
    await page.getByText("Relay mode on: keep your browser open").waitFor();
    const on = account().getByTestId("relay-on");
    await on.waitFor();
    expect(await on.textContent()).toContain(
      "Stoflow publishes through your browser. Keep it open with the Stoflow extension.",
    );
    expect(await account().getByTestId("relay-tag").textContent()).toBe("Relay mode");
    expect(await account().getByTestId("relay-suggest").count()).toBe(0);
    expect(await account().getByTestId("account-status").textContent()).toBe("Connected");
    const after = await accountOf("lea");
    expect(after).toMatchObject({ relayMode: true, status: "connected", pausedUntil: null });

    await page.reload();
    await settle(page);
    await account().getByTestId("relay-on").waitFor();
    expect(await relaySwitch().isChecked()).toBe(true);
    expect(await account().getByTestId("relay-why").textContent()).toContain("On since");
    await shot(page, "en-relay");
  });

  it("says when Stoflow turned relay mode on by itself, and Vinted's refusal", async () => {
    // What relayOnBlock leaves after a 403 (engine/src/relay/mode.ts).
    await stack.engine.database.pool.query(
      `UPDATE ${tenantSchema(tenantId)}.channel_accounts
       SET relay_reason = 'Vinted refused the request (403): access denied',
           relay_since = '2026-11-20T09:30:00Z'`,
    );
    await page.reload();
    await settle(page);
    const why = account().getByTestId("relay-why");
    await why.waitFor();
    const text = (await why.textContent()) ?? "";
    expect(text).toContain("Stoflow turned it on by itself on");
    expect(text).toContain("2026");
    expect(text).toContain("Vinted refused the request (403): access denied");
    await shot(page, "en-relay-auto");
  });

  it("reads the same in French, at desktop and phone width", async () => {
    await chooseLanguage(page, "Français");
    await settle(page);
    expect(await account().getByTestId("relay-on").textContent()).toContain(
      "Stoflow publie depuis votre navigateur. Laissez-le ouvert avec l'extension Stoflow.",
    );
    expect(await account().getByTestId("relay-tag").textContent()).toBe("Mode relais");
    await shot(page, "fr-relay");
    await shotAtPhoneWidth(page, "phone-fr-relay");
    await chooseLanguage(page, "English");
  });

  it("a member sees that relay mode is on, without the switch", async () => {
    const invited = await request(stack.engine, "POST", "/api/v1/members/invitations", {
      token: ownerToken,
      body: { email: "sam@example.fr", role: "member" },
    });
    expect(invited.status).toBe(201);
    const joined = await request(stack.engine, "POST", "/api/v1/auth/accept-invitation", {
      body: { token: invited.body.token, password: "another long password" },
    });
    expect(joined.status).toBe(200);

    const member = await signInAsMember();
    try {
      const p = member.page;
      await p.goto("/connections");
      await settle(p);
      const card = p.getByTestId("vinted-account");
      await card.getByTestId("relay-on").waitFor();
      expect(await card.getByRole("switch").count()).toBe(0);
      await shot(p, "en-relay-member");
      // The engine refuses a member too, whatever the page shows.
      const refused = await request(
        stack.engine,
        "PUT",
        `/api/v1/channel-accounts/${(await accountOf("lea")).id}/relay`,
        { token: joined.body.accessToken, body: { enabled: false } },
      );
      expect(refused.status).toBe(403);
    } finally {
      await member.context.close();
    }
  });

  it("the owner turns it off: the card goes back, after a reload too", async () => {
    await page.reload();
    await settle(page);
    await relaySwitch().click();
    await page.getByText("Relay mode off: Stoflow's server publishes again.").waitFor();
    await expect.poll(() => account().getByTestId("relay").getAttribute("data-relay")).toBe("off");
    expect(await account().getByTestId("relay-tag").count()).toBe(0);
    expect((await accountOf("lea")).relayMode).toBe(false);
    await page.reload();
    await settle(page);
    await account().getByTestId("relay").waitFor();
    expect(await relaySwitch().isChecked()).toBe(false);
    expect(await account().getByTestId("relay-on").count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});

describe("attribute mapping of a connected shop", () => {
  const dialog = () => page.getByTestId("mapping-dialog");
  const field = (name: string) => dialog().getByTestId(`mapping-${name}`);
  let sourceId = "";
  let sku = "";
  let brand = "";

  /** The open dialog, whole: a window tall enough for it to need no scrolling. */
  async function shotDialog(name: string, width = 1280) {
    await page.setViewportSize({ width, height: 1600 });
    await page.waitForTimeout(400);
    await shot(page, name);
    await page.setViewportSize({ width: 1280, height: 860 });
  }

  /** The imported product made from the sandbox's product 1. */
  async function product() {
    const res = await request(stack.engine, "GET", "/api/v1/products?perPage=100", {
      token: ownerToken,
    });
    // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
    return res.body.items.find((p: any) => p.sku === sku);
  }

  it("imports a store whose product 1 names its brand 'Créateur', which the defaults miss", async () => {
    const first = stack.woo.state.product(1);
    if (!first) throw new Error("the sandbox has no product 1");
    sku = first.sku;
    brand = first.attributes.find((a) => a.name === "Marque")?.options[0] ?? "";
    expect(brand).not.toBe("");
    stack.woo.state.updateProduct(1, {
      attributes: first.attributes.map((a) =>
        a.name === "Marque" ? { ...a, name: "Créateur" } : a,
      ),
    });

    await page.goto("/connections");
    await page.getByTestId("store-url").fill(stack.woo.url);
    await page.getByTestId("connect-woo").click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((url) => url.pathname === "/connections");
    const status = page.getByTestId("import-status");
    await expect
      .poll(() => status.getAttribute("data-status"), { timeout: 60_000 })
      .toBe("succeeded");
    const sources = await request(stack.engine, "GET", "/api/v1/sources", { token: ownerToken });
    sourceId = sources.body.items[0].id;
    expect((await product()).brand).toBeNull();
  });

  it("shows the effective mapping with the defaults", async () => {
    await page.getByTestId("open-mapping").click();
    await dialog().getByTestId("mapping-form").waitFor();
    await page.getByRole("dialog", { name: /^Attribute mapping · / }).waitFor();
    expect(await field("brand").getByRole("textbox").inputValue()).toBe(
      "brand, marque, vendor, manufacturer, fabricant",
    );
    expect(await field("brand").getAttribute("data-custom")).toBe("false");
    expect(await field("brand").textContent()).toContain("Default");
    expect(await dialog().getByTestId("mapping-reimport").locator("input").isChecked()).toBe(true);
  });

  it("shows the API's validation error on the field it is about", async () => {
    await field("size")
      .getByRole("textbox")
      .fill(`taille, ${"x".repeat(101)}`);
    expect(await field("size").textContent()).toContain("Yours");
    await dialog().getByTestId("mapping-save").click();
    const error = field("size").getByRole("alert");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/100/);
    await shotDialog("en-mapping-error");
    await field("size").getByTestId("use-default").click();
    expect(await field("size").getByRole("textbox").inputValue()).toBe("size, taille, pointure");
    expect(await field("size").getAttribute("data-custom")).toBe("false");
    expect(await field("size").getByRole("alert").count()).toBe(0);
  });

  it("saves a brand name and a condition value, and re-imports the products already imported", async () => {
    await field("brand").getByRole("textbox").fill("Créateur, Marque");
    await dialog().getByTestId("add-condition").click();
    const row = dialog().getByTestId("condition-row");
    await row.getByRole("textbox").fill("Comme neuf");
    await row.getByRole("combobox").click();
    await page.getByRole("option", { name: "Very good" }).click();
    await page.locator(".p-select-overlay").waitFor({ state: "detached" });
    await shotDialog("en-mapping");
    await dialog().getByTestId("mapping-save").click();
    await page.getByText("the products already imported are being imported again").waitFor();
    await dialog().waitFor({ state: "detached" });

    // A second run, full, re-applying the mapping: product 1 gets its brand.
    const runs = await request(stack.engine, "GET", `/api/v1/sources/${sourceId}/imports`, {
      token: ownerToken,
    });
    expect(runs.body.items).toHaveLength(2);
    expect(runs.body.items[0].kind).toBe("full");
    const status = page.getByTestId("import-status");
    await expect
      .poll(() => status.getAttribute("data-status"), { timeout: 60_000 })
      .toBe("succeeded");
    await expect.poll(async () => (await product()).brand).toBe(brand);
  });

  it("the saved mapping comes back after a reload, in English and French", async () => {
    await page.reload();
    await settle(page);
    await page.getByTestId("open-mapping").click();
    await dialog().getByTestId("mapping-form").waitFor();
    expect(await field("brand").getByRole("textbox").inputValue()).toBe("Créateur, Marque");
    expect(await field("brand").getAttribute("data-custom")).toBe("true");
    expect(await field("size").getAttribute("data-custom")).toBe("false");
    const row = dialog().getByTestId("condition-row");
    expect(await row.getByRole("textbox").inputValue()).toBe("Comme neuf");
    expect(await row.getByRole("combobox").textContent()).toContain("Very good");
    // The defaults come with the view: a field changed before the reload can go back to them.
    await field("brand").getByTestId("use-default").click();
    expect(await field("brand").getByRole("textbox").inputValue()).toBe(
      "brand, marque, vendor, manufacturer, fabricant",
    );
    await dialog().getByRole("button", { name: "Close" }).click();

    await chooseLanguage(page, "Français");
    await page.getByTestId("open-mapping").click();
    await dialog().getByTestId("mapping-form").waitFor();
    expect(await field("brand").textContent()).toContain("Personnalisé");
    await shotDialog("fr-mapping");
    await shotDialog("phone-fr-mapping", 390);
    await dialog().getByRole("button", { name: "Fermer" }).click();
    await chooseLanguage(page, "English");
    expect(stack.pageErrors).toEqual([]);
  });
});

describe("AI prompt templates in Settings", () => {
  const panel = () => page.getByTestId("ai-prompts");
  const prompt = () => panel().getByTestId("prompt");
  const text = () => panel().getByTestId("prompt-text");
  const OWN =
    "Write in {language} for Vinted buyers, {tone}, short sentences, and always end with: envoi rapide et soigné.";

  async function slot(name: string) {
    await panel().getByTestId("prompt-slot").getByText(name, { exact: true }).click();
    await expect.poll(() => prompt().getAttribute("data-slot")).toBe(name.toLowerCase());
  }

  /** The templates as the engine has them. */
  async function templates() {
    const res = await request(stack.engine, "GET", "/api/v1/ai/prompts", { token: ownerToken });
    // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely
    return Object.fromEntries(res.body.items.map((p: any) => [p.platform, p]));
  }

  it("shows Vinted's default prompt", async () => {
    await page.goto("/settings");
    await settle(page);
    await panel().getByRole("heading", { name: "AI prompts" }).waitFor();
    const engine = await templates();
    expect(await prompt().getAttribute("data-slot")).toBe("vinted");
    expect(await prompt().getAttribute("data-overridden")).toBe("false");
    expect(await panel().getByTestId("prompt-state").textContent()).toBe("Stoflow's default");
    expect(await text().inputValue()).toBe(engine.vinted.defaultTemplate);
    expect(await panel().getByTestId("prompt-reset").count()).toBe(0);
    expect(await panel().getByTestId("prompt-save").isDisabled()).toBe(true);
  });

  it("refuses a prompt too short, with the bounds said plainly", async () => {
    await text().fill("Too short");
    expect(await panel().getByTestId("prompt-count").textContent()).toBe("9 / 4000 characters");
    await panel().getByTestId("prompt-save").click();
    const error = panel().getByTestId("prompt-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("A prompt has between 20 and 4000 characters.");
    expect((await templates()).vinted.overridden).toBe(false);
  });

  it("overrides Vinted's prompt: kept after a reload, the default still shown, eBay untouched", async () => {
    await text().fill(OWN);
    expect(await panel().getByTestId("prompt-error").count()).toBe(0);
    await panel().getByTestId("prompt-save").click();
    await page.getByText("Vinted: your prompt is used from now on.").waitFor();
    await expect.poll(() => prompt().getAttribute("data-overridden")).toBe("true");
    const engine = await templates();
    expect(engine.vinted).toMatchObject({ overridden: true, template: OWN });

    await page.reload();
    await settle(page);
    expect(await text().inputValue()).toBe(OWN);
    expect(await panel().getByTestId("prompt-state").textContent()).toBe("Yours");
    await panel().getByText("Show Stoflow's default").click();
    expect(await panel().getByTestId("prompt-default").textContent()).toBe(
      engine.vinted.defaultTemplate,
    );
    await page.waitForTimeout(300);
    await shot(page, "en-prompts");

    await slot("eBay");
    expect(await prompt().getAttribute("data-overridden")).toBe("false");
    expect(await text().inputValue()).toBe(engine.ebay.defaultTemplate);
    await slot("Vinted");
  });

  it("reads it in French, at desktop and phone width", async () => {
    await chooseLanguage(page, "Français");
    await settle(page);
    await panel().getByRole("heading", { name: "Consignes de l'IA" }).waitFor();
    expect(await panel().getByTestId("prompt-state").textContent()).toBe("Personnalisée");
    await shot(page, "fr-prompts");
    await shotAtPhoneWidth(page, "phone-fr-prompts");
    await chooseLanguage(page, "English");
  });

  it("resets Vinted to the default behind a confirmation", async () => {
    await panel().getByTestId("prompt-reset").click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toContain("Go back to Stoflow's default prompt for Vinted?");
    await dialog.getByRole("button", { name: "Back to the default" }).click();
    await page.getByText("Vinted: Stoflow's default prompt again.").waitFor();
    await expect.poll(() => prompt().getAttribute("data-overridden")).toBe("false");
    const engine = await templates();
    expect(engine.vinted.overridden).toBe(false);
    expect(await text().inputValue()).toBe(engine.vinted.defaultTemplate);
    await page.reload();
    await settle(page);
    expect(await text().inputValue()).toBe(engine.vinted.defaultTemplate);
    expect(await panel().getByTestId("prompt-reset").count()).toBe(0);
    expect(stack.pageErrors).toEqual([]);
  });
});

describe("a member", () => {
  it("reads the attribute mapping and the AI prompts without the means to change them", async () => {
    const member = await signInAsMember();
    try {
      const p = member.page;
      await p.goto("/connections");
      await settle(p);
      await p.getByTestId("open-mapping").click();
      const dialog = p.getByTestId("mapping-dialog");
      await dialog.getByTestId("mapping-form").waitFor();
      expect(await dialog.locator("#mapping-brand").inputValue()).toBe("Créateur, Marque");
      expect(await dialog.locator("#mapping-brand").isDisabled()).toBe(true);
      expect(await dialog.getByTestId("mapping-save").count()).toBe(0);
      expect(await dialog.textContent()).toContain("Only owners and admins can change this.");
      await dialog.getByRole("button", { name: "Close" }).click();

      await p.goto("/settings");
      await settle(p);
      const prompts = p.getByTestId("ai-prompts");
      await prompts.getByTestId("prompt-text").waitFor();
      expect(await prompts.getByTestId("prompt-text").getAttribute("readonly")).not.toBeNull();
      expect(await prompts.getByTestId("prompt-save").count()).toBe(0);
      expect(await prompts.textContent()).toContain("Only owners and admins can change this.");
    } finally {
      await member.context.close();
    }
  });
});
