import type { AiRuntime } from "./ai/runtime.ts";
import type { Keys } from "./auth/keys.ts";
import type { Caches } from "./cache/caches.ts";
import type { Config } from "./config.ts";
import type { Database } from "./database.ts";
import type { Logger } from "./logger.ts";
import type { Publishing } from "./pipeline/pipeline.ts";
import type { Vault } from "./vault/vault.ts";

/** What every part of the engine is handed at start-up; nothing reaches for globals. */
export interface EngineContext {
  config: Config;
  database: Database;
  log: Logger;
  keys: Keys;
  /** Encrypts marketplace and shop credentials (envelope encryption, a key per tenant). */
  vault: Vault;
  /** The API's in-process caches (product lists); absent when off or in the worker role. */
  caches?: Caches;
  /** The publication pipeline (job queue, listing events); absent when not started. */
  publishing?: Publishing;
  /** AI listing texts: the model client and the generation queue; absent when not started. */
  ai?: AiRuntime;
}
