// Debian's chromium with the unpacked extension loaded, a Vinted site mapped to the local
// TLS sandbox. Never a downloaded browser.

import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Worker } from "playwright-core";
import { generate } from "selfsigned";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A throwaway certificate for the mapped Vinted sites (the browser is told to accept it). */
export async function vintedCertificate(domains: string[]): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: domains[0] ?? "www.vinted.fr" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "subjectAltName", altNames: domains.map((value) => ({ type: 2, value })) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchWithExtension(
  extensionDir: string,
  hostRules: string,
): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "stoflow-chromium-"));
  chmodSync(profile, 0o755);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the old headless mode runs no extension
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${hostRules}`,
      "--ignore-certificate-errors",
    ],
    ignoreHTTPSErrors: true,
  });
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")) ??
    (await context.waitForEvent("serviceworker", { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The toolbar badge as the service worker sees it. */
export function badgeOf(worker: Worker): Promise<{ text: string; color: number[] }> {
  return worker.evaluate(async () => ({
    text: await chrome.action.getBadgeText({}),
    color: await chrome.action.getBadgeBackgroundColor({}),
  }));
}

export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
