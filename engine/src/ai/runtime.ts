// The AI part of a running engine: the model client from the configuration, and the
// generation queue on the pipeline's pg-boss (workers in the worker role).
import type { PgBoss } from "pg-boss";
import type { Config } from "../config.ts";
import type { Database } from "../database.ts";
import type { Logger } from "../logger.ts";
import type { AiDeps } from "./generate.ts";
import type { TextGenerator } from "./generator.ts";
import { ensureAiQueue, startAiWorker } from "./jobs.ts";
import { openAiGenerator } from "./openai/generator.ts";

export interface AiRuntime {
  deps: AiDeps;
  /** Where generation jobs go; absent when this process runs no job queue. */
  boss: PgBoss | undefined;
}

/** The model the configuration points at; undefined without a key or a base URL. */
export function configuredGenerator(config: Config): TextGenerator | undefined {
  const { apiKey, baseUrl } = config.ai;
  if (!apiKey && !baseUrl) return undefined;
  return openAiGenerator({
    // A local OpenAI-compatible server usually needs no key; the SDK insists on one.
    apiKey: apiKey ?? "no-key",
    ...(baseUrl ? { baseUrl } : {}),
    model: config.ai.model,
    maxRetries: config.ai.maxRetries,
    timeoutMs: config.ai.timeoutMs,
  });
}

export function aiDeps(ctx: { config: Config; database: Database; log: Logger }): AiDeps {
  return {
    db: ctx.database.db,
    log: ctx.log.child({ component: "ai" }),
    generator: configuredGenerator(ctx.config),
    cache: ctx.config.ai.cache,
    inflight: new Map(),
  };
}

export async function startAi(
  ctx: { config: Config; database: Database; log: Logger },
  boss: PgBoss | undefined,
  options: { workers: boolean; pollingIntervalSeconds?: number },
): Promise<AiRuntime> {
  const deps = aiDeps(ctx);
  if (boss) {
    await ensureAiQueue(boss);
    if (options.workers) {
      await startAiWorker(boss, deps, {
        concurrency: ctx.config.ai.concurrency,
        ...(options.pollingIntervalSeconds
          ? { pollingIntervalSeconds: options.pollingIntervalSeconds }
          : {}),
      });
    }
  }
  if (!deps.generator) deps.log.info("No OPENAI_API_KEY: listing texts come from templates");
  return { deps, boss };
}
