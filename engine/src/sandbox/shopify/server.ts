// The Shopify sandbox: a local server speaking the Admin GraphQL API of
// shared/protocols/shopify.md for one shop, with its bulk-operation result files, signed
// webhook deliveries, a calculated-cost leaky bucket and fault injection.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { createHttpServer } from "../../http/http-server.ts";
import { listen } from "../listen.ts";
import { adminApi } from "./admin-api.ts";
import { BulkOperations } from "./bulk.ts";
import { seedCatalog } from "./catalog.ts";
import { controlRoutes } from "./control.ts";
import { Faults } from "./faults.ts";
import { RequestLog } from "./request-log.ts";
import { rootValue } from "./resolvers.ts";
import { adminSchema } from "./schema.ts";
import { gid, ShopState } from "./state.ts";
import { CostBucket, type ThrottleSettings } from "./throttle.ts";
import { Webhooks } from "./webhooks.ts";

export const SANDBOX_API_VERSION = "2026-07";

export interface ShopifySandboxOptions {
  port?: number; // 0 (default) picks a free port
  host?: string; // default 127.0.0.1
  shop?: string; // default stoflow-sandbox.myshopify.com
  /** The offline access token the app holds for this shop. */
  accessToken?: string;
  /** The app's API secret: signs webhooks (and session tokens). */
  apiSecret?: string;
  /** Shopify's standard plan: 2,000 points, 100 restored per second. */
  throttle?: ThrottleSettings;
  webhookRetryDelaysMs?: number[];
  /** Products created at start. */
  seedProducts?: number;
}

export interface ShopifySandbox {
  url: string;
  port: number;
  shop: string;
  accessToken: string;
  apiSecret: string;
  /** `${url}/admin/api/${SANDBOX_API_VERSION}/graphql.json` */
  graphqlUrl: string;
  state: ShopState;
  faults: Faults;
  webhooks: Webhooks;
  bulk: BulkOperations;
  bucket: CostBucket;
  requests: RequestLog;
  close(): Promise<void>;
}

// A 1x1 PNG: product images are real images a client can download.
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

export async function startShopifySandbox(
  options: ShopifySandboxOptions = {},
): Promise<ShopifySandbox> {
  const shop = options.shop ?? "stoflow-sandbox.myshopify.com";
  const accessToken = options.accessToken ?? "shpat_sandbox_offline_token";
  const apiSecret = options.apiSecret ?? "shpss_sandbox_app_secret";
  const state = new ShopState(shop);
  const faults = new Faults();
  const requests = new RequestLog();
  const bucket = new CostBucket(options.throttle ?? { maximumAvailable: 2000, restoreRate: 100 });
  const webhooks = new Webhooks({
    secret: apiSecret,
    domain: shop,
    apiVersion: SANDBOX_API_VERSION,
    retryDelaysMs: options.webhookRetryDelaysMs,
  });
  let base = "";
  const dir = await mkdtemp(join(tmpdir(), "stoflow-shopify-sandbox-"));
  let root: unknown; // set once the resolvers exist: they and the bulk runner need each other
  const bulk = new BulkOperations({
    state,
    schema: adminSchema,
    rootValue: () => root,
    dir,
    secret: apiSecret,
    baseUrl: () => base,
    onFinish: (op) =>
      webhooks.publish("bulk_operations/finish", {
        admin_graphql_api_id: gid("BulkOperation", op.id),
        completed_at: op.completedAt?.toISOString(),
        created_at: op.createdAt.toISOString(),
        error_code: null,
        status: "completed",
        type: "query",
      }),
  });
  root = rootValue({ state, bulk, webhooks });
  state.on("event", (event) => webhooks.publish(event.topic, event.payload));

  const app = express();
  app.disable("x-powered-by");
  app.use(
    "/__sandbox",
    express.json({ limit: "1mb" }),
    controlRoutes({ state, faults, log: requests, webhooks, bulk, bucket, imageBase: () => base }),
  );
  app.get("/files/:name", (_req, res) => {
    res.type("png").send(PIXEL);
  });
  app.use(requests.middleware());
  app.use(faults.middleware());

  // Result files: unauthenticated but signed, like the storage URLs Shopify hands out.
  app.get("/bulk-results/:name", (req: Request, res: Response) => {
    const match = /^(\d+)\.jsonl$/.exec(String(req.params.name));
    const op = match ? bulk.operations.get(Number(match[1])) : undefined;
    if (op?.status !== "COMPLETED" || !bulk.verify(op.id, String(req.query.token ?? ""))) {
      res
        .status(403)
        .type("xml")
        .send("<Error><Code>AccessDenied</Code><Message>Access denied.</Message></Error>");
      return;
    }
    // sendFile answers Range requests (206), as the storage behind Shopify's URLs does.
    res.sendFile(op.file, { headers: { "Content-Type": "application/jsonl" }, dotfiles: "allow" });
  });
  app.use(
    adminApi({
      schema: adminSchema,
      bucket,
      accessToken: () => accessToken,
      rootValue: () => root,
    }),
  );
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: "Not Found" });
  });
  app.use(
    (error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status < 500 ? error.status : 500;
      res.status(status).json({ errors: status === 500 ? "Internal Server Error" : error.message });
    },
  );

  const server = createHttpServer(app);
  const bound = await listen(server, { host: options.host, port: options.port });
  const port = bound.port;
  base = bound.url;
  if (options.seedProducts)
    seedCatalog(state, { count: options.seedProducts, seed: 1, imageBase: base });
  return {
    url: base,
    port,
    shop,
    accessToken,
    apiSecret,
    graphqlUrl: `${base}/admin/api/${SANDBOX_API_VERSION}/graphql.json`,
    state,
    faults,
    webhooks,
    bulk,
    bucket,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        faults.dispose();
        webhooks.dispose();
        server.close((error) => {
          bulk.dispose().then(() => (error ? reject(error) : resolve()), reject);
        });
        server.closeAllConnections();
      }),
  };
}
