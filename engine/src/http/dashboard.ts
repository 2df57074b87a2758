// The built dashboard (a single-page app, dashboard/.output/public) served beside the API on
// one origin: its files as they are, and its HTML shell for every other page address so the
// client-side router can take over. /api and /media stay the engine's.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import express, { type Router } from "express";

/** The SPA shell nuxi generate writes for client-side routes. */
const SHELL = "200.html";

/**
 * helmet's policy, with the shell's own inline scripts allowed by hash (nothing else inline),
 * images from anywhere (shops' photos), and no upgrade-insecure-requests: the engine is often
 * reached over plain http on a local network, TLS being a reverse proxy's job.
 */
export function contentSecurityPolicy(html: string): string {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/type="application\/(?:json|ld\+json)"/.test(m[1] ?? "")) continue;
    hashes.push(
      `'sha256-${createHash("sha256")
        .update(m[2] ?? "")
        .digest("base64")}'`,
    );
  }
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    // Product photos imported from a shop stay on the shop's own server.
    "img-src 'self' data: blob: https: http:",
    "object-src 'none'",
    `script-src 'self' ${hashes.join(" ")}`.trim(),
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
  ].join(";");
}

/** Read again when a rebuild replaces the shell while the engine runs. */
function shellReader(path: string) {
  let cached: { mtimeMs: number; html: string; csp: string } | undefined;
  return () => {
    const { mtimeMs } = statSync(path);
    if (cached?.mtimeMs !== mtimeMs) {
      const html = readFileSync(path, "utf8");
      cached = { mtimeMs, html, csp: contentSecurityPolicy(html) };
    }
    return cached;
  };
}

const isEngineRoute = (path: string) =>
  path === "/api" || path.startsWith("/api/") || path.startsWith("/media/");

/** A missing build file (an old asset, a typo) is a 404, not the app's shell. */
const isFile = (path: string) => path.startsWith("/_nuxt/") || /\.[a-z0-9]+$/i.test(path);

/** undefined when the dashboard has not been built (`npm run build -w @stoflow/dashboard`). */
export function dashboardRouter(dir: string): Router | undefined {
  const shellPath = join(dir, SHELL);
  try {
    statSync(shellPath);
  } catch {
    return undefined;
  }
  const shell = shellReader(shellPath);
  const router = express.Router();
  // Hashed build assets never change; the rest is checked on each visit.
  router.use(
    "/_nuxt",
    express.static(join(dir, "_nuxt"), {
      immutable: true,
      maxAge: "1y",
      index: false,
      redirect: false,
    }),
  );
  router.use(express.static(dir, { index: false, redirect: false, extensions: false }));
  router.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (isEngineRoute(req.path) || isFile(req.path)) return next();
    if (!req.accepts("html")) return next();
    const { html, csp } = shell();
    res.setHeader("Content-Security-Policy", csp);
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(html);
  });
  return router;
}
