// In-memory stand-ins for the browser's storage and badge, and capture deps that reach the
// Vinted sandbox over HTTP with a session's cookies, as the browser would send them.

import type { BadgeSink, BadgeState } from "../../src/background/badge.ts";
import { EMPTY_STATE, type ExtensionState, type StateStore } from "../../src/background/state.ts";
import type { CaptureDeps } from "../../src/vinted/capture.ts";

export class MemoryStore implements StateStore {
  state: ExtensionState = structuredClone(EMPTY_STATE);
  async read() {
    return structuredClone(this.state);
  }
  async write(patch: Partial<ExtensionState>) {
    this.state = { ...this.state, ...structuredClone(patch) };
  }
  async clear() {
    this.state = structuredClone(EMPTY_STATE);
  }
}

export class BadgeRecorder implements BadgeSink {
  shown: BadgeState[] = [];
  async show(state: BadgeState) {
    this.shown.push(state);
  }
  get last(): BadgeState | undefined {
    return this.shown.at(-1);
  }
}

/** The browser's cookie jar for the sandbox's sites: per domain, name to value. */
export class SandboxBrowser implements CaptureDeps {
  readonly jar = new Map<string, Record<string, string>>();
  readonly baseUrlFor: (domain: string) => string;
  userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/138.0 Safari/537.36";
  acceptLanguage = "fr-FR,en;q=0.9";

  constructor(baseUrlFor: (domain: string) => string) {
    this.baseUrlFor = baseUrlFor;
  }

  async cookiesFor(domain: string) {
    return Object.entries(this.jar.get(domain) ?? {}).map(([name, value]) => ({ name, value }));
  }

  fetchSite(domain: string, path: string, init: RequestInit = {}) {
    const cookie = Object.entries(this.jar.get(domain) ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    headers.set("user-agent", this.userAgent);
    return fetch(`${this.baseUrlFor(domain)}${path}`, { ...init, headers });
  }
}
