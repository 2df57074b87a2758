// Session checks: the cookies of a logged-in browser, the access token's expiry, the
// session's domain, and the CSRF token on every write.

import type { NextFunction, Request, Response } from "express";
import { businessError } from "./answers.ts";
import type { SandboxSession, SandboxState } from "./state.ts";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}

const parsed = new WeakMap<Request, Record<string, string>>();

/** The request's cookies, parsed once however many middlewares ask. */
export function cookiesOf(req: Request): Record<string, string> {
  let cookies = parsed.get(req);
  if (!cookies) {
    cookies = parseCookies(req.headers.cookie);
    parsed.set(req, cookies);
  }
  return cookies;
}

function unauthorized(res: Response, message: string, messageCode: string): void {
  businessError(res, 401, 100, message, messageCode);
}

/** The session behind the request's cookies, kept in `res.locals.session`. */
export function requireSession(state: SandboxState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const cookies = cookiesOf(req);
    const access = cookies.access_token_web;
    const session = access ? state.sessions.get(access) : undefined;
    if (!session || cookies[session.sessionCookieName] !== session.sessionCookie) {
      return unauthorized(res, "Authentication required", "invalid_authentication_token");
    }
    if (session.expiresAt <= Date.now()) {
      return unauthorized(res, "Access token expired", "invalid_authentication_token");
    }
    const domain = res.locals.domain as string | undefined;
    if (domain && domain !== session.domain) {
      return unauthorized(
        res,
        "This session belongs to another site",
        "invalid_authentication_token",
      );
    }
    if (WRITES.has(req.method) && req.headers["x-csrf-token"] !== session.csrfToken) {
      return unauthorized(res, "Invalid CSRF token", "invalid_csrf_token");
    }
    res.locals.session = session;
    next();
  };
}

export function sessionOf(res: Response): SandboxSession {
  return res.locals.session as SandboxSession;
}
