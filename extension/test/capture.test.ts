import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VINTED_DOMAINS as ENGINE_DOMAINS } from "../../engine/src/channels/vinted/domains.ts";
import { startVintedSandbox, type VintedSandbox } from "../../engine/src/sandbox/vinted/server.ts";
import { acceptLanguageOf, captureSession } from "../src/vinted/capture.ts";
import { parseCsrfToken } from "../src/vinted/csrf.ts";
import { VINTED_DOMAINS, vintedDomainOfCookie } from "../src/vinted/domains.ts";
import { SandboxBrowser } from "./support/memory.ts";

describe("reading the CSRF token", () => {
  const token = "3f1c2b7e-1d2a-4b8e-9c3f-0a1b2c3d4e5f";
  it("reads the meta tag, whatever the attribute order", () => {
    expect(parseCsrfToken(`<head><meta name="csrf-token" content="${token}"></head>`)).toBe(token);
    expect(parseCsrfToken(`<meta content='${token}' name='csrf-token'/>`)).toBe(token);
  });
  it("reads the page's embedded JSON, plain or escaped inside a string", () => {
    expect(parseCsrfToken(`<script>{"user":1,"csrf_token":"${token}"}</script>`)).toBe(token);
    expect(parseCsrfToken(`self.__next_f.push([1,"{\\"CSRF_TOKEN\\":\\"${token}\\"}"])`)).toBe(
      token,
    );
  });
  it("finds nothing on a page without one (a logged-out page)", () => {
    expect(parseCsrfToken("<html><body>Log in</body></html>")).toBeUndefined();
    expect(parseCsrfToken(`{"csrf_token":""}`)).toBeUndefined();
  });
});

describe("Vinted sites", () => {
  it("are the engine's sites exactly", () => {
    expect([...VINTED_DOMAINS].sort()).toEqual([...ENGINE_DOMAINS].sort());
  });
  it("own their cookies, host-only or on the parent domain, and nothing else", () => {
    expect(vintedDomainOfCookie("www.vinted.fr")).toBe("www.vinted.fr");
    expect(vintedDomainOfCookie(".vinted.co.uk")).toBe("www.vinted.co.uk");
    expect(vintedDomainOfCookie(".vinted.com")).toBe("www.vinted.com");
    expect(vintedDomainOfCookie("pro.vinted.fr")).toBeUndefined();
    expect(vintedDomainOfCookie(".evil-vinted.fr")).toBeUndefined();
    expect(vintedDomainOfCookie(".example.com")).toBeUndefined();
  });
  it("get the browser's languages as Accept-Language", () => {
    expect(acceptLanguageOf(["fr-FR", "fr", "en-US"])).toBe("fr-FR,fr;q=0.9,en-US;q=0.8");
  });
});

describe("capturing a session from the Vinted sandbox over HTTP", () => {
  let sandbox: VintedSandbox;
  let browser: SandboxBrowser;
  beforeAll(async () => {
    sandbox = await startVintedSandbox({ seedUsers: [{ login: "lea_vintage" }] });
    browser = new SandboxBrowser(sandbox.baseUrlFor);
  });
  afterAll(() => sandbox.close());

  it("captures cookies, CSRF token, user agent and who the session belongs to", async () => {
    const seeded = sandbox.seeded[0];
    if (!seeded) throw new Error("no seeded user");
    browser.jar.set("www.vinted.fr", seeded.session.cookies);
    const result = await captureSession("www.vinted.fr", browser);
    expect(result).toEqual({
      kind: "session",
      upload: {
        domain: "www.vinted.fr",
        cookies: seeded.session.cookies,
        csrfToken: seeded.session.csrfToken,
        userAgent: browser.userAgent,
        acceptLanguage: browser.acceptLanguage,
        userId: String(seeded.user.id),
        username: "lea_vintage",
      },
    });
  });

  it("sees a logged-out site: no access token, or one Vinted refuses", async () => {
    expect(await captureSession("www.vinted.de", browser)).toEqual({ kind: "logged_out" });
    browser.jar.set("www.vinted.de", { access_token_web: "stale", anon_id: "x" });
    expect(await captureSession("www.vinted.de", browser)).toEqual({ kind: "logged_out" });
  });

  it("sends nothing when the session belongs to another site", async () => {
    // The French session presented to the Belgian site: Vinted says 401.
    browser.jar.set("www.vinted.be", browser.jar.get("www.vinted.fr") ?? {});
    expect(await captureSession("www.vinted.be", browser)).toEqual({ kind: "logged_out" });
  });

  it("says what went wrong when Vinted blocks the check", async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "blocked", path: "/api/v2/users/current", count: 1 }),
    });
    const result = await captureSession("www.vinted.fr", browser);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toContain("403");
  });

  it("says where it could not reach", async () => {
    const offline = new SandboxBrowser(() => "http://127.0.0.1:9");
    offline.jar.set("www.vinted.fr", { access_token_web: "x" });
    const result = await captureSession("www.vinted.fr", offline);
    expect(result).toMatchObject({
      kind: "error",
      message: expect.stringContaining("www.vinted.fr"),
    });
  });
});
