// The WooCommerce sandbox: a local HTTP server speaking the REST API v3 of
// shared/protocols/woocommerce.md (OAuth 1.0a / Basic auth, paging headers, WooCommerce error
// bodies, webhooks signed and retried, the /wc-auth/v1 app authorization flow), with a
// generated resale catalog of any size and fault injection. Control API under /__sandbox.
import express, { type NextFunction, type Request, type Response } from "express";
import { createHttpServer } from "../../http/http-server.ts";
import { listen } from "../listen.ts";
import { wcError } from "./answers.ts";
import { NonceLog, requireKey } from "./auth.ts";
import { controlRoutes } from "./control.ts";
import { Faults } from "./faults.ts";
import { productRoutes } from "./routes/products.ts";
import { storeRoutes } from "./routes/store.ts";
import { type ApiKey, WooState } from "./state.ts";
import { wcAuthRoutes } from "./wc-auth.ts";
import { WebhookDispatcher } from "./webhooks.ts";

export interface WooSandboxOptions {
  port?: number;
  host?: string;
  /** Generated products at start (default 0). */
  products?: number;
  variableRatio?: number; // default 0.1
  seed?: number; // default 1
  /** One read_write key made at start (default true). */
  seedKey?: boolean;
  /** Base delay of webhook retries (doubles each attempt); default 500 ms. */
  webhookRetryDelayMs?: number;
}

export interface WooSandbox {
  url: string;
  port: number;
  state: WooState;
  faults: Faults;
  webhooks: WebhookDispatcher;
  key: ApiKey | undefined;
  requests: { at: string; method: string; route: string; status: number }[];
  close(): Promise<void>;
}

// A tiny but well-formed JPEG (SOI, APP0/JFIF, EOI): what product image URLs serve.
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from("JFIF\0", "binary"),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xd9]),
]);

/** With plain permalinks WordPress has no /wp-json/ or /wc-auth/ pages: its theme's 404. */
function plainPermalinks(state: WooState) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (state.permalinks === "plain" && /^\/(wp-json|wc-auth)(\/|$)/.test(req.path)) {
      res.status(404).type("html").send("<!doctype html><title>Page not found</title>");
      return;
    }
    next();
  };
}

/** `?rest_route=/wc/v3/...` (pretty permalinks off) is the same API as /wp-json/wc/v3/... */
function restRoute(req: Request, _res: Response, next: NextFunction) {
  const route = req.query.rest_route;
  if (typeof route === "string" && route.startsWith("/")) {
    const url = new URL(req.url, "http://x");
    url.searchParams.delete("rest_route");
    const rest = url.searchParams.toString();
    req.url = `/wp-json${route}${rest ? `?${rest}` : ""}`;
  }
  next();
}

export async function startWooSandbox(options: WooSandboxOptions = {}): Promise<WooSandbox> {
  let url = "";
  const state = new WooState({
    baseUrl: "",
    variableRatio: options.variableRatio ?? 0.1,
    seed: options.seed ?? 1,
    epochMs: Date.parse("2025-01-01T00:00:00Z"),
  });
  const faults = new Faults();
  const webhooks = new WebhookDispatcher(state, () => url);
  webhooks.retryDelayMs = options.webhookRetryDelayMs ?? 500;
  const requests: WooSandbox["requests"] = [];
  const key = options.seedKey === false ? undefined : state.createKey("read_write");

  const app = express();
  app.disable("x-powered-by");
  // PHP's $_GET: one value per name, the last one (the REST client repeats its query).
  app.set("query parser", (text: string) => Object.fromEntries(new URLSearchParams(text)));
  app.use(plainPermalinks(state), restRoute);
  app.use(
    "/__sandbox",
    express.json(),
    controlRoutes(state, faults, webhooks, () => requests),
  );
  app.use(wcAuthRoutes(state));
  app.get("/wp-content/uploads/sandbox/:name", (_req, res) => {
    res.type("image/jpeg").send(JPEG);
  });
  app.get("/wp-json/", (_req, res) => {
    res.json({ name: state.storeName, url, namespaces: ["wp/v2", "wc/v3", "wc-auth/v1"] });
  });

  const api = express.Router();
  api.use((req, res, next) => {
    const route = `/wc/v3${req.path}`;
    res.on("finish", () => {
      requests.push({
        at: new Date().toISOString(),
        method: req.method,
        route,
        status: res.statusCode,
      });
      if (requests.length > 20_000) requests.splice(0, 10_000);
    });
    next();
  });
  api.use(faults.middleware((req) => `/wc/v3${req.path}`));
  api.use(requireKey(state, new NonceLog()));
  api.use(express.json({ limit: "2mb", type: ["application/json", "application/*+json"] }));
  api.use(productRoutes(state), storeRoutes(state, webhooks));
  api.use((_req: Request, res: Response) =>
    wcError(res, 404, "rest_no_route", "No route was found matching the URL and request method."),
  );
  app.use("/wp-json/wc/v3", api);

  app.use((_req: Request, res: Response) =>
    wcError(res, 404, "rest_no_route", "No route was found matching the URL and request method."),
  );
  app.use(
    (error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status < 500 ? error.status : 500;
      wcError(
        res,
        status,
        status === 400 ? "rest_invalid_json" : "internal_server_error",
        status === 400 ? "Invalid JSON body passed." : "Internal error.",
      );
    },
  );

  const server = createHttpServer(app);
  const bound = await listen(server, { host: options.host, port: options.port });
  const port = bound.port;
  url = bound.url;
  state.options.baseUrl = url;
  if (options.products) state.seed(options.products);
  return {
    url,
    port,
    state,
    faults,
    webhooks,
    key,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.dispose();
        webhooks.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
