// Captures one Vinted site's session as the engine stores it: every cookie of the site, the
// CSRF token from a logged-in page, the browser's user agent and languages, and who the
// session belongs to (asked of Vinted itself, so a stale cookie is never sent as working).

import { parseCsrfToken } from "./csrf.ts";
import type { VintedDomain } from "./domains.ts";

export interface BrowserCookie {
  name: string;
  value: string;
}

export interface CaptureDeps {
  /** The cookies the browser would send to the site. */
  cookiesFor(domain: VintedDomain): Promise<BrowserCookie[]>;
  /** A request to the site with the browser's own cookies (credentials included). */
  fetchSite(domain: VintedDomain, path: string, init?: RequestInit): Promise<Response>;
  userAgent: string;
  acceptLanguage: string;
}

/** The body of `PUT /api/v1/channels/vinted/session`. */
export interface SessionUpload {
  domain: VintedDomain;
  cookies: Record<string, string>;
  csrfToken: string;
  userAgent: string;
  acceptLanguage: string;
  userId: string;
  username: string;
}

export type CaptureResult =
  | { kind: "session"; upload: SessionUpload }
  /** Not logged in on this site (no access token, or Vinted refused it). */
  | { kind: "logged_out" }
  /** Logged in, but something did not answer as expected: say what, send nothing. */
  | { kind: "error"; message: string };

const MAX_COOKIES = 100;
const MAX_COOKIE_VALUE = 8192;

/** Accept-Language as a browser builds it from its language list. */
export function acceptLanguageOf(languages: readonly string[]): string {
  const list = languages.slice(0, 6);
  return list.map((lang, i) => (i === 0 ? lang : `${lang};q=${(1 - i / 10).toFixed(1)}`)).join(",");
}

function cookieRecord(cookies: BrowserCookie[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of cookies) {
    // The engine takes at most 100 cookies of 8 KB; a bigger one is not part of a session.
    if (!name || value.length > MAX_COOKIE_VALUE || name in record) continue;
    if (Object.keys(record).length >= MAX_COOKIES) break;
    record[name] = value;
  }
  return record;
}

async function whoAmI(
  deps: CaptureDeps,
  domain: VintedDomain,
): Promise<{ id: string; login: string } | "unauthorized" | { error: string }> {
  const res = await deps.fetchSite(domain, "/api/v2/users/current", {
    headers: { accept: "application/json" },
  });
  if (res.status === 401) return "unauthorized";
  if (res.status === 403) return { error: `Vinted blocked the check (403) on ${domain}.` };
  if (!res.ok) return { error: `Vinted answered ${res.status} on ${domain}.` };
  const body = (await res.json().catch(() => undefined)) as
    | { user?: { id?: unknown; login?: unknown } }
    | undefined;
  const id = body?.user?.id;
  const login = body?.user?.login;
  if ((typeof id !== "number" && typeof id !== "string") || typeof login !== "string" || !login) {
    return { error: `Vinted's answer about the current user on ${domain} was not understood.` };
  }
  return { id: String(id), login };
}

export async function captureSession(
  domain: VintedDomain,
  deps: CaptureDeps,
): Promise<CaptureResult> {
  const cookies = cookieRecord(await deps.cookiesFor(domain));
  if (!cookies.access_token_web) return { kind: "logged_out" };
  try {
    const user = await whoAmI(deps, domain);
    if (user === "unauthorized") return { kind: "logged_out" };
    if ("error" in user) return { kind: "error", message: user.error };
    const page = await deps.fetchSite(domain, "/", { headers: { accept: "text/html" } });
    const csrfToken = page.ok ? parseCsrfToken(await page.text()) : undefined;
    if (!csrfToken) {
      return { kind: "error", message: `No CSRF token found on ${domain} (HTTP ${page.status}).` };
    }
    // Read again: the two requests above may have refreshed a cookie (DataDome does).
    const fresh = cookieRecord(await deps.cookiesFor(domain));
    return {
      kind: "session",
      upload: {
        domain,
        cookies: fresh.access_token_web ? fresh : cookies,
        csrfToken,
        userAgent: deps.userAgent,
        acceptLanguage: deps.acceptLanguage,
        userId: user.id,
        username: user.login,
      },
    };
  } catch (error) {
    return { kind: "error", message: `Could not reach ${domain}: ${(error as Error).message}` };
  }
}
