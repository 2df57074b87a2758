// The Vinted sandbox: a local HTTP server speaking the protocol of shared/protocols/vinted.md.
// One server serves every country site: the site comes from a `/<domain>` path prefix
// (`http://127.0.0.1:3100/www.vinted.de/api/v2/...`) or from the Host header.

import { createServer as createHttpsServer } from "node:https";
import express, { type NextFunction, type Request, type Response } from "express";
import { isVintedDomain, type VintedDomain } from "../../channels/vinted/domains.ts";
import { createHttpServer } from "../../http/http-server.ts";
import { listen } from "../listen.ts";
import { businessError, notFound } from "./answers.ts";
import { requireSession } from "./auth.ts";
import { controlRoutes } from "./control.ts";
import { type BurstRule, Faults } from "./faults.ts";
import { RequestLog } from "./request-log.ts";
import { itemRoutes, type RouteContext } from "./routes/items.ts";
import { photoRoutes } from "./routes/photos.ts";
import { userRoutes } from "./routes/users.ts";
import { webRoutes } from "./routes/web.ts";
import { type CapturedSession, SandboxState, type SandboxUser } from "./state.ts";

export interface VintedSandboxOptions {
  port?: number; // 0 (default) picks a free port
  host?: string; // default 127.0.0.1
  /** DataDome-like block after a burst; none by default. */
  burst?: BurstRule;
  accessTokenTtlMs?: number; // default 24 hours
  /** Users created at start, each with one session. */
  seedUsers?: { login: string; domain?: VintedDomain }[];
  /** Serve over TLS (a browser reaching `https://www.vinted.fr` through a host mapping). */
  tls?: { key: string; cert: string };
}

export interface VintedSandbox {
  url: string;
  port: number;
  state: SandboxState;
  faults: Faults;
  requests: RequestLog;
  /** The seeded users and their sessions, ready to use as a Stoflow ChannelSession. */
  seeded: { user: SandboxUser; session: CapturedSession }[];
  /** The base URL for a Vinted domain, for `createVintedChannel({ baseUrlFor })`. */
  baseUrlFor(domain: string): string;
  close(): Promise<void>;
}

/** Takes a leading `/<vinted domain>` off the path, or reads the site from the Host header. */
function siteOf(req: Request, res: Response, next: NextFunction): void {
  const match = /^\/([^/]+)(\/.*)?$/.exec(req.url);
  if (match?.[1] && isVintedDomain(match[1])) {
    res.locals.domain = match[1];
    res.locals.prefix = `/${match[1]}`;
    req.url = match[2] ?? "/";
  } else {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    if (isVintedDomain(host)) res.locals.domain = host;
    res.locals.prefix = "";
  }
  next();
}

export function createSandboxApp(
  state: SandboxState,
  faults: Faults,
  log: RequestLog,
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(siteOf);
  app.use("/__sandbox", express.json(), controlRoutes(state, faults, log));

  const context: RouteContext = {
    state,
    baseOf: (req, res) => `${req.protocol}://${req.headers.host}${res.locals.prefix ?? ""}`,
  };
  const api = express.Router();
  api.use(log.middleware());
  api.use(faults.middleware());
  api.use(requireSession(state));
  api.use(express.json({ limit: "1mb" }));
  api.use(userRoutes(context), photoRoutes(context), itemRoutes(context));
  api.use((_req: Request, res: Response) => notFound(res));
  app.use("/api/v2", api);
  app.use(webRoutes(state));

  app.use((_req: Request, res: Response) => notFound(res));
  // A body express cannot parse answers like Vinted's validation errors, never a stack.
  app.use(
    (error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status < 500 ? error.status : 500;
      businessError(
        res,
        status,
        99,
        status === 500 ? "Internal error" : error.message,
        "bad_request",
      );
    },
  );
  return app;
}

export async function startVintedSandbox(
  options: VintedSandboxOptions = {},
): Promise<VintedSandbox> {
  const state = new SandboxState({ accessTokenTtlMs: options.accessTokenTtlMs ?? 24 * 3600_000 });
  const faults = new Faults(options.burst);
  const seeded = (options.seedUsers ?? []).map(({ login, domain }) => {
    const user = state.createUser(login, domain ?? "www.vinted.fr");
    return { user, session: state.captured(state.createSession(user)) };
  });
  const requests = new RequestLog();
  const app = createSandboxApp(state, faults, requests);
  const server = options.tls ? createHttpsServer(options.tls, app) : createHttpServer(app);
  const { url, port } = await listen(server, {
    host: options.host,
    port: options.port,
    tls: Boolean(options.tls),
  });
  return {
    url,
    port,
    state,
    faults,
    requests,
    seeded,
    baseUrlFor: (domain) => `${url}/${domain}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
