// The sandbox's web pages, for a real browser (the extension's end-to-end test, a newcomer
// trying the extension): a login form that sets Vinted's session cookies, a logged-in page
// carrying the CSRF token the way Vinted's HTML does, and the access-token refresh the web
// app does on its own. Not part of the JSON API: no faults, no request log.

import express, { type Request, type Response, Router } from "express";
import { isVintedDomain, type VintedDomain } from "../../../channels/vinted/domains.ts";
import { parseCookies } from "../auth.ts";
import type { SandboxSession, SandboxState } from "../state.ts";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, head = ""): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}</head><body>${body}</body></html>`;
}

function domainOf(res: Response): VintedDomain {
  const domain = res.locals.domain as string | undefined;
  return domain && isVintedDomain(domain) ? domain : "www.vinted.fr";
}

/** The live session behind the browser's cookies, if any. */
function currentSession(state: SandboxState, req: Request): SandboxSession | undefined {
  const cookies = parseCookies(req.headers.cookie);
  const session = cookies.access_token_web
    ? state.sessions.get(cookies.access_token_web)
    : undefined;
  if (!session || cookies[session.sessionCookieName] !== session.sessionCookie) return undefined;
  return session.expiresAt > Date.now() ? session : undefined;
}

function setSessionCookies(req: Request, res: Response, session: SandboxSession): void {
  // Secure only over TLS: a browser drops Secure cookies set over plain http.
  const options = { path: "/", sameSite: "lax" as const, secure: req.secure };
  const year = 365 * 24 * 3600_000;
  res.cookie("access_token_web", session.accessToken, { ...options, httpOnly: true });
  res.cookie("refresh_token_web", session.refreshToken, { ...options, httpOnly: true });
  res.cookie(session.sessionCookieName, session.sessionCookie, { ...options, httpOnly: true });
  res.cookie("anon_id", session.anonId, { ...options, maxAge: year });
  res.cookie("v_udt", session.anonId.slice(0, 12), { ...options, maxAge: year });
}

export function webRoutes(state: SandboxState): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "4kb" }));

  router.get("/", (req, res) => {
    const session = currentSession(state, req);
    if (!session) {
      res
        .type("html")
        .send(
          page(
            "Vinted sandbox",
            `<p>Not logged in.</p><p><a href="${res.locals.prefix ?? ""}/member/login">Log in</a></p>`,
          ),
        );
      return;
    }
    const user = state.users.get(session.userId);
    // Vinted embeds the token in the page's JSON and in a meta tag; clients read either.
    const data = JSON.stringify({ csrf_token: session.csrfToken, user_id: session.userId });
    res
      .type("html")
      .send(
        page(
          "Vinted sandbox",
          `<p id="whoami">Logged in as @${escapeHtml(user?.login ?? "")} on ${escapeHtml(session.domain)}</p>` +
            `<script type="application/json" data-js-react-on-rails-store="MainStore">${data.replace(/</g, "\\u003c")}</script>`,
          `<meta name="csrf-token" content="${escapeHtml(session.csrfToken)}">`,
        ),
      );
  });

  router.get("/member/login", (_req, res) => {
    const action = `${res.locals.prefix ?? ""}/member/login`;
    res
      .type("html")
      .send(
        page(
          "Log in",
          `<form method="post" action="${action}"><label>Username <input name="login" id="login" required></label>` +
            `<button type="submit" id="submit">Log in</button></form><p>Sandbox: any username works on ${escapeHtml(domainOf(res))}.</p>`,
        ),
      );
  });

  router.post("/member/login", (req, res) => {
    const login = String(req.body?.login ?? "").trim();
    if (!/^[a-z0-9_.-]{2,40}$/i.test(login)) {
      res
        .status(400)
        .type("html")
        .send(page("Log in", "<p>Choose a username of 2 to 40 letters or digits.</p>"));
      return;
    }
    const domain = domainOf(res);
    const user =
      [...state.users.values()].find((u) => u.login === login && u.domain === domain) ??
      state.createUser(login, domain);
    setSessionCookies(req, res, state.createSession(user));
    res.redirect(303, `${res.locals.prefix ?? ""}/`);
  });

  /** What the web app does when the access token nears its end: a new one, same session. */
  router.post("/web/api/auth/refresh", (req, res) => {
    const session = currentSession(state, req);
    if (!session) {
      res.status(401).json({ code: 100, message: "Authentication required" });
      return;
    }
    state.rotateAccessToken(session);
    setSessionCookies(req, res, session);
    res.json({ code: 0 });
  });

  router.post("/member/logout", (req, res) => {
    const session = currentSession(state, req);
    if (session) state.sessions.delete(session.accessToken);
    for (const name of ["access_token_web", "refresh_token_web", session?.sessionCookieName]) {
      if (name) res.clearCookie(name, { path: "/" });
    }
    res.redirect(303, `${res.locals.prefix ?? ""}/`);
  });

  return router;
}
