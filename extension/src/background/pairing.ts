// Pairing: trade the code the dashboard shows for a device token, bound to one engine.

import { EngineClient } from "../engine/client.ts";
import { checkEngineUrl } from "../engine/url.ts";
import type { StateStore } from "./state.ts";

export type PairingResult =
  | { ok: true }
  /** `messageKey` is an i18n key; `detail` the engine's own words when it refused. */
  | { ok: false; messageKey: string; detail?: string };

const CODE = /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/;

export function normalizePairingCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/\s+/g, "");
  return CODE.test(code) ? code : undefined;
}

export async function pairWithEngine(
  store: StateStore,
  input: { engineUrl: string; code: string; deviceName: string },
  fetchImpl?: typeof fetch,
  now: () => Date = () => new Date(),
): Promise<PairingResult> {
  const url = checkEngineUrl(input.engineUrl);
  if (!url.ok) {
    return {
      ok: false,
      messageKey: url.reason === "insecure" ? "errorInsecureUrl" : "errorInvalidUrl",
    };
  }
  const code = normalizePairingCode(input.code);
  if (!code) return { ok: false, messageKey: "errorInvalidCode" };
  try {
    const paired = await new EngineClient(url.base, undefined, fetchImpl).pair(
      code,
      input.deviceName,
    );
    await store.clear();
    await store.write({
      pairing: {
        engineUrl: url.base,
        deviceId: paired.deviceId,
        deviceToken: paired.deviceToken,
        pairedAt: now().toISOString(),
      },
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, messageKey: "errorPairingRefused", detail: (error as Error).message };
  }
}

/** "Chrome on Linux": how the dashboard lists this device. */
export function deviceNameOf(userAgent: string, browser: "chrome" | "firefox"): string {
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS X/.test(userAgent)
      ? "macOS"
      : /CrOS/.test(userAgent)
        ? "ChromeOS"
        : /Linux/.test(userAgent)
          ? "Linux"
          : "a computer";
  return `${browser === "firefox" ? "Firefox" : "Chrome"} on ${os}`;
}
