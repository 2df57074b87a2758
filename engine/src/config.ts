import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DEFAULT_MODEL } from "./ai/pricing.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  STOFLOW_DATA_DIR: z.string().min(1).optional(),
  STOFLOW_MASTER_KEY: z.string().min(1).optional(),
  STOFLOW_NEW_MASTER_KEY: z.string().min(1).optional(),
  STOFLOW_MIGRATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  STOFLOW_LIST_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  STOFLOW_CORS_ORIGINS: z.string().default(""),
  STOFLOW_VINTED_URL: z.url({ protocol: /^https?$/ }).optional(),
  STOFLOW_SHOPIFY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  STOFLOW_SHOPIFY_APP_CREDENTIAL: z
    .string()
    .min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)")
    .optional(),
  STOFLOW_DASHBOARD_DIR: z.string().optional(),
  STOFLOW_JOB_EXPIRY_SECONDS: z.coerce.number().int().min(2).max(86_400).optional(),
  STOFLOW_JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).optional(),
  STOFLOW_WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).optional(),
  STOFLOW_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  STOFLOW_PACING_GAP_SECONDS: z
    .string()
    .regex(/^\d+(-\d+)?$/, "must be seconds, or min-max seconds (e.g. 20-90)")
    .optional(),
  STOFLOW_SALES_POLL_CRON: z
    .string()
    .regex(/^(off|(\S+\s+){4}\S+)$/, "must be a 5-field cron expression, or off")
    .optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  STOFLOW_AI_MODEL: z.string().min(1).default(DEFAULT_MODEL),
  STOFLOW_AI_CACHE: z.enum(["on", "off"]).default("on"),
  STOFLOW_AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  STOFLOW_AI_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(60),
  STOFLOW_AI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export interface Config {
  databaseUrl: string | undefined;
  databasePoolSize: number;
  port: number;
  host: string | undefined;
  dataDir: string;
  masterKey: string | undefined;
  /** Read by `stoflow vault rotate` only: the key to re-wrap every data key with. */
  newMasterKey: string | undefined;
  migrationConcurrency: number;
  /** Memory for the API's in-process cache of product lists (engine/src/cache); 0 turns it off. */
  listCacheMb: number;
  corsOrigins: string[];
  /** Where Vinted calls go instead of https://<domain> (the sandbox: `stoflow sandbox`). */
  vintedUrl: string | undefined;
  /** The built dashboard served on the API's origin; undefined serves none. */
  dashboardDir: string | undefined;
  /** Shopify shops (engine/src/sources/shopify). */
  shopify: {
    /** Where every shop's Admin API calls go instead of https://<shop> (the sandbox). */
    url: string | undefined;
    /** The Stoflow app's API secret: Shopify signs webhook deliveries with it. */
    apiSecret: string | undefined;
    /** What the embedded app (shopify-app/) shows on /api/v1/apps/shopify/*; unset: refused. */
    appCredential: string | undefined;
  };
  /** Pipeline tunables read from the environment; unset ones keep the pipeline's defaults. */
  pipeline: {
    /** A job a dead worker held is handed to another after this long. */
    jobExpirySeconds?: number;
    /** First retry delay of a failed (or expired) job, doubled each retry. */
    retryDelaySeconds?: number;
    /** Listing jobs a worker fetches at once, and batches it runs at once per queue. */
    batchSize?: number;
    concurrency?: number;
    /** Random spacing between two actions of one account (0-0 turns it off). */
    minGapSeconds?: number;
    maxGapSeconds?: number;
    /** When every connected account's sales are polled (cron); "" turns polling off. */
    salesPollCron?: string;
  };
  /** AI listing texts (engine/src/ai): no key means template texts only. */
  ai: {
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    cache: boolean;
    maxRetries: number;
    timeoutMs: number;
    /** Generation jobs run at once per worker process. */
    concurrency: number;
  };
  trustProxy: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  production: boolean;
}

export class ConfigError extends Error {}

/** Where `npm run build -w @stoflow/dashboard` writes the dashboard in this repository. */
const DEFAULT_DASHBOARD_DIR = fileURLToPath(
  new URL("../../dashboard/.output/public", import.meta.url),
);

/** The only reader of process.env: everything else receives this object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const gap = e.STOFLOW_PACING_GAP_SECONDS?.split("-").map(Number);
  // npm runs workspace scripts inside the workspace; INIT_CWD is where the user typed the command.
  const cwd = env.INIT_CWD ?? process.cwd();
  return {
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.STOFLOW_DATA_DIR ?? ".stoflow"),
    masterKey: e.STOFLOW_MASTER_KEY,
    newMasterKey: e.STOFLOW_NEW_MASTER_KEY,
    migrationConcurrency: e.STOFLOW_MIGRATION_CONCURRENCY,
    listCacheMb: e.STOFLOW_LIST_CACHE_MB,
    corsOrigins: e.STOFLOW_CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY === "true",
    vintedUrl: e.STOFLOW_VINTED_URL?.replace(/\/+$/, ""),
    dashboardDir:
      e.STOFLOW_DASHBOARD_DIR === ""
        ? undefined
        : resolve(cwd, e.STOFLOW_DASHBOARD_DIR ?? DEFAULT_DASHBOARD_DIR),
    shopify: {
      url: e.STOFLOW_SHOPIFY_URL?.replace(/\/+$/, ""),
      apiSecret: e.SHOPIFY_API_SECRET,
      appCredential: e.STOFLOW_SHOPIFY_APP_CREDENTIAL,
    },
    pipeline: {
      ...(e.STOFLOW_JOB_EXPIRY_SECONDS ? { jobExpirySeconds: e.STOFLOW_JOB_EXPIRY_SECONDS } : {}),
      ...(e.STOFLOW_JOB_RETRY_DELAY_SECONDS
        ? { retryDelaySeconds: e.STOFLOW_JOB_RETRY_DELAY_SECONDS }
        : {}),
      ...(gap ? { minGapSeconds: gap[0], maxGapSeconds: gap[1] ?? gap[0] } : {}),
      ...(e.STOFLOW_WORKER_BATCH_SIZE ? { batchSize: e.STOFLOW_WORKER_BATCH_SIZE } : {}),
      ...(e.STOFLOW_WORKER_CONCURRENCY ? { concurrency: e.STOFLOW_WORKER_CONCURRENCY } : {}),
      ...(e.STOFLOW_SALES_POLL_CRON
        ? { salesPollCron: e.STOFLOW_SALES_POLL_CRON === "off" ? "" : e.STOFLOW_SALES_POLL_CRON }
        : {}),
    },
    ai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL?.replace(/\/+$/, ""),
      model: e.STOFLOW_AI_MODEL,
      cache: e.STOFLOW_AI_CACHE === "on",
      maxRetries: e.STOFLOW_AI_MAX_RETRIES,
      timeoutMs: e.STOFLOW_AI_TIMEOUT_SECONDS * 1000,
      concurrency: e.STOFLOW_AI_CONCURRENCY,
    },
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === "production",
  };
}
