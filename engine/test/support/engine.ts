import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "@stoflow/db";
import { createTestDatabase, type TestDatabase } from "../../../db/test/support/test-database.ts";
import { startAi } from "../../src/ai/runtime.ts";
import { deriveKeys } from "../../src/auth/keys.ts";
import { startCaches } from "../../src/cache/caches.ts";
import { loadConfig } from "../../src/config.ts";
import type { EngineContext } from "../../src/context.ts";
import { createApp } from "../../src/http/app.ts";
import { createHttpServer } from "../../src/http/http-server.ts";
import { createLogger } from "../../src/logger.ts";
import { startPublishing } from "../../src/pipeline/pipeline.ts";
import type { PipelineSettings } from "../../src/pipeline/settings.ts";
import { configuredPorts } from "../../src/pipeline/wiring.ts";
import { createVault } from "../../src/vault/vault.ts";

export interface TestEngine {
  url: string;
  ctx: EngineContext;
  database: TestDatabase;
  /** The master key behind ctx.keys and ctx.vault. */
  masterKey: Buffer;
  close(): Promise<void>;
}

/** Pipeline settings for tests: no spacing, quick retries and rechecks, no cron sweep. */
export const QUICK_PIPELINE: Partial<PipelineSettings> = {
  minGapSeconds: 0,
  maxGapSeconds: 0,
  retryDelaySeconds: 1,
  retryDelayMaxSeconds: 2,
  reconnectRecheckSeconds: 1,
  pollingIntervalSeconds: 0.5,
  salesPollCron: "",
};

/**
 * The real express app on a random port, over its own fresh database. With `publishing`, the
 * pipeline runs too (workers included), wired as `stoflow start` wires it from the same config
 * (`STOFLOW_VINTED_URL` in `env` points the Vinted channel at a sandbox).
 */
export async function startTestEngine(
  env: Record<string, string> = {},
  options: { publishing?: Partial<PipelineSettings>; ai?: boolean } = {},
): Promise<TestEngine> {
  const database = await createTestDatabase();
  await migrate(database.pool);
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-engine-test-"));
  chmodSync(dataDir, 0o755);
  const config = loadConfig({
    DATABASE_URL: database.url,
    STOFLOW_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    ...env,
  });
  const masterKey = randomBytes(32);
  const ctx: EngineContext = {
    config,
    database: { pool: database.pool, db: database.db, embedded: undefined, close: async () => {} },
    log: createLogger(config),
    keys: deriveKeys(masterKey),
    vault: createVault(database.db, masterKey),
  };
  if (options.publishing) {
    ctx.publishing = await startPublishing(
      ctx,
      { ...configuredPorts(ctx), settings: { ...QUICK_PIPELINE, ...options.publishing } },
      { workers: true },
    );
    // AI generation jobs on the same queue database, polled as quickly as the pipeline's.
    if (options.ai) {
      ctx.ai = await startAi(ctx, ctx.publishing.pipeline.boss, {
        workers: true,
        pollingIntervalSeconds: 0.5,
      });
    }
  }
  if (config.listCacheMb > 0) {
    // As `stoflow start` runs it, so that every test also goes through the list cache.
    ctx.caches = await startCaches(database.pool, config.listCacheMb * 2 ** 20, ctx.log);
  }
  const server = createHttpServer(createApp(ctx));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    database,
    masterKey,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (options.publishing) await ctx.publishing?.stop(5_000);
      await ctx.caches?.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert on them
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: RequestInit["body"];
  headers?: Record<string, string>;
}

/** fetch with JSON in and out; `body` of the response is parsed JSON, or text otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: as above
export async function request<T = any>(
  engine: Pick<TestEngine, "url">,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: RequestInit["body"] = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${engine.url}${path}`, { method, headers, body });
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  const parsed = type.includes("json") && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export interface SignedUp {
  accessToken: string;
  refreshToken: string;
  tenantId: number;
  userId: string;
  email: string;
  password: string;
}

/** A new shop with its owner, signed in. */
export async function signUp(
  engine: Pick<TestEngine, "url">,
  shopName = "Test shop",
): Promise<SignedUp> {
  const email = `seller-${randomUUID()}@example.test`;
  const password = "a long enough password";
  const res = await request(engine, "POST", "/api/v1/auth/signup", {
    body: { email, password, shopName },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${JSON.stringify(res.body)}`);
  return {
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    tenantId: res.body.tenant.id,
    userId: res.body.user.id,
    email,
    password,
  };
}

/** Moves a tenant to another plan (plans live in the database, not in code). */
export async function setPlan(
  engine: TestEngine,
  tenantId: number,
  planCode: string,
): Promise<void> {
  await engine.database.pool.query(
    `INSERT INTO subscriptions (tenant_id, plan_code) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET plan_code = EXCLUDED.plan_code`,
    [tenantId, planCode],
  );
}

/** A new shop on the business plan (several members, API keys). */
export async function businessShop(
  engine: TestEngine,
  name = "Atelier Business",
): Promise<SignedUp> {
  const owner = await signUp(engine, name);
  await setPlan(engine, owner.tenantId, "business");
  return owner;
}
