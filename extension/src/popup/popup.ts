// The toolbar popup: pairing when unpaired; otherwise who the engine knows on Vinted, per
// site, with the last sync, the Stoflow account and a disconnect button. It only reads the
// stored state; the background script does the work.

import type { PopupRequest } from "../background/messages.ts";
import type { ExtensionState } from "../background/state.ts";
import { checkEngineUrl, HOSTED_ENGINE_URL } from "../engine/url.ts";

const t = (key: string, ...subs: string[]) => chrome.i18n.getMessage(key, subs) || key;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function ask<T>(request: PopupRequest): Promise<T> {
  return chrome.runtime.sendMessage(request);
}

function localize(): void {
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n as string);
  }
  document.documentElement.lang = chrome.i18n.getUILanguage();
}

function when(iso: string | null): string {
  if (!iso) return t("never");
  return new Date(iso).toLocaleString(chrome.i18n.getUILanguage(), {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

function render(state: ExtensionState): void {
  const paired = Boolean(state.pairing);
  $("unpaired").hidden = paired;
  $("paired").hidden = !paired;
  const dot = $("badge-dot");
  dot.className = !paired ? "" : state.engineConnected ? "connected" : "broken";
  if (!paired) return;
  const list = $("sites");
  list.replaceChildren();
  const sites = Object.entries(state.sites).filter(([, site]) => site.username || site.error);
  for (const [domain, site] of sites) {
    const item = document.createElement("li");
    item.className = site.ok ? "ok" : "failed";
    const who = document.createElement("div");
    who.className = "who";
    who.textContent = site.ok
      ? t("connectedAs", `@${site.username ?? ""}`)
      : site.username
        ? t("notSyncedAs", `@${site.username}`)
        : t("notConnected");
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = `${domain} · ${t("lastSync")} ${when(site.lastSyncAt)}`;
    item.append(who, meta);
    if (site.error) {
      const error = document.createElement("div");
      error.className = "error";
      error.textContent = site.error;
      item.append(error);
    }
    list.append(item);
  }
  $("no-site").hidden = sites.length > 0;
  const engine = state.pairing?.engineUrl ?? "";
  $("account").textContent = state.shopName ? `${state.shopName} (${engine})` : engine;
}

async function refresh(): Promise<void> {
  const stored = (await chrome.storage.local.get(null)) as Partial<ExtensionState>;
  render({ ...stored, sites: stored.sites ?? {} });
  document.body.dataset.ready = "true"; // for the end-to-end test's screenshots
}

async function pair(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const error = $("pair-error");
  const button = $<HTMLButtonElement>("pair");
  error.hidden = true;
  const engineUrl = $<HTMLInputElement>("engine-url").value;
  const code = $<HTMLInputElement>("pairing-code").value;
  const url = checkEngineUrl(engineUrl);
  if (!url.ok) {
    error.textContent = t(url.reason === "insecure" ? "errorInsecureUrl" : "errorInvalidUrl");
    error.hidden = false;
    return;
  }
  // A self-hosted engine needs its origin granted, asked now while the click counts.
  const origins = [url.originPattern];
  if (!(await chrome.permissions.contains({ origins }))) {
    if (!(await chrome.permissions.request({ origins }))) {
      error.textContent = t("errorPermission");
      error.hidden = false;
      return;
    }
  }
  button.disabled = true;
  const result = await ask<{ ok: boolean; messageKey?: string; detail?: string }>({
    type: "pair",
    engineUrl,
    code,
  });
  button.disabled = false;
  if (!result.ok) {
    error.textContent = [t(result.messageKey ?? "errorUnexpected"), result.detail]
      .filter(Boolean)
      .join(" ");
    error.hidden = false;
  }
  await refresh();
}

async function run(action: "sync" | "unpair", id: string): Promise<void> {
  const button = $<HTMLButtonElement>(id);
  button.disabled = true;
  await ask({ type: action });
  button.disabled = false;
  await refresh();
}

localize();
$<HTMLInputElement>("engine-url").value = HOSTED_ENGINE_URL;
$("pair-form").addEventListener("submit", (e) => void pair(e as SubmitEvent));
$("sync").addEventListener("click", () => void run("sync", "sync"));
$("unpair").addEventListener("click", () => void run("unpair", "unpair"));
chrome.storage.onChanged.addListener(() => void refresh());
void refresh();
