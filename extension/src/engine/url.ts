// The engine the extension pairs with: the hosted one by default, any self-hosted one allowed.
// Sessions travel over HTTPS only; plain http is accepted for a developer's own machine.

export const HOSTED_ENGINE_URL = "https://app.stoflow.io";

export type EngineUrlCheck =
  | { ok: true; base: string; originPattern: string }
  | { ok: false; reason: "invalid" | "insecure" };

function isLocalHost(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Normalises what the seller typed: scheme added when missing, no trailing slash. */
export function checkEngineUrl(typed: string): EngineUrlCheck {
  const text = typed.trim();
  if (!text) return { ok: false, reason: "invalid" };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.username || url.password || url.search || url.hash)
    return { ok: false, reason: "invalid" };
  if (url.protocol === "http:" && !isLocalHost(url.hostname))
    return { ok: false, reason: "insecure" };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, reason: "invalid" };
  const base = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  return { ok: true, base, originPattern: `${url.protocol}//${url.hostname}/*` };
}
