// The browser's side of the ports sync and pairing use: storage, cookies, requests to Vinted,
// the badge. Firefox runs the same code through its `chrome` namespace (promise-based in MV3).

import type { CaptureDeps } from "../vinted/capture.ts";
import { acceptLanguageOf } from "../vinted/capture.ts";
import { BADGE, type BadgeSink } from "./badge.ts";
import { EMPTY_STATE, type ExtensionState, type StateStore } from "./state.ts";

export const chromeStore: StateStore = {
  async read() {
    const stored = (await chrome.storage.local.get(null)) as Partial<ExtensionState>;
    return { ...EMPTY_STATE, ...stored, sites: stored.sites ?? {} };
  },
  write: (patch) => chrome.storage.local.set(patch),
  clear: () => chrome.storage.local.clear(),
};

export const chromeBadge: BadgeSink = {
  async show(state, title) {
    await chrome.action.setBadgeBackgroundColor({ color: BADGE[state].color });
    await chrome.action.setBadgeText({ text: BADGE[state].text });
    await chrome.action.setTitle({ title });
  },
};

export const chromeCapture: CaptureDeps = {
  async cookiesFor(domain) {
    const cookies = await chrome.cookies.getAll({ url: `https://${domain}/` });
    return cookies.map(({ name, value }) => ({ name, value }));
  },
  fetchSite(domain, path, init) {
    return fetch(`https://${domain}${path}`, { ...init, credentials: "include" });
  },
  userAgent: navigator.userAgent,
  acceptLanguage: acceptLanguageOf(navigator.languages),
};
