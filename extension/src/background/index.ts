// The background script (Chrome service worker, Firefox event page): wires the browser's
// events to session sync, pairing and the relay.

import { relayTick } from "../relay/relay.ts";
import { type VintedDomain, vintedDomainOfCookie } from "../vinted/domains.ts";
import { chromeBadge, chromeCapture, chromeStore } from "./chrome-adapters.ts";
import type { PopupRequest } from "./messages.ts";
import { deviceNameOf, pairWithEngine } from "./pairing.ts";
import { SessionSync } from "./sync.ts";

declare const __BROWSER__: "chrome" | "firefox";

const sync = new SessionSync({ store: chromeStore, capture: chromeCapture, badge: chromeBadge });
const REFRESH_ALARM = "stoflow-refresh";
const RELAY_ALARM = "stoflow-relay";

chrome.cookies.onChanged.addListener(({ cookie, removed, cause }) => {
  // An overwrite is a removal followed by the new value: the second event is enough.
  if (removed && cause === "overwrite") return;
  const domain = vintedDomainOfCookie(cookie.domain);
  if (domain) sync.schedule(domain);
});

// Alarms may not survive a browser restart: made again at start and at install.
function createAlarms(): void {
  void chrome.alarms.create(REFRESH_ALARM, { periodInMinutes: 30 });
  void chrome.alarms.create(RELAY_ALARM, { periodInMinutes: 1 });
}

chrome.runtime.onStartup.addListener(() => {
  createAlarms();
  void sync.syncAll(true);
});

chrome.runtime.onInstalled.addListener(() => {
  createAlarms();
  void sync.syncAll();
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) void sync.syncAll();
  if (alarm.name === RELAY_ALARM) void relayTick(chromeStore, chromeCapture);
});

async function answer(request: PopupRequest): Promise<unknown> {
  switch (request.type) {
    case "pair": {
      const result = await pairWithEngine(chromeStore, {
        engineUrl: request.engineUrl,
        code: request.code,
        deviceName: deviceNameOf(navigator.userAgent, __BROWSER__),
      });
      if (result.ok) await sync.syncAll(true);
      return result;
    }
    case "unpair":
      await sync.unpair();
      return { ok: true };
    case "sync":
      // "Sync now": the session first, then any action waiting for this browser.
      await sync.syncAll(true);
      await relayTick(chromeStore, chromeCapture);
      return { ok: true };
    case "syncSite":
      await sync.syncSite(request.domain as VintedDomain, true);
      await sync.refreshBadge();
      return { ok: true };
  }
}

chrome.runtime.onMessage.addListener((request: PopupRequest, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  answer(request).then(sendResponse, (error: Error) =>
    sendResponse({ ok: false, messageKey: "errorUnexpected", detail: error.message }),
  );
  return true; // answered asynchronously
});

// Every wake-up (the worker is stopped when idle): the badge reflects the stored pairing.
void sync.refreshBadge();
