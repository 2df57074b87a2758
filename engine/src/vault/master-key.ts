import { hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Config, ConfigError } from "../config.ts";
import type { Logger } from "../logger.ts";

const KEY_BYTES = 32; // AES-256

/** A base64 master key from `origin` (a variable or file name, for the error message). */
export function decodeMasterKey(text: string, origin: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== KEY_BYTES) {
    throw new ConfigError(
      `${origin} must be ${KEY_BYTES} random bytes, base64-encoded (openssl rand -base64 32).`,
    );
  }
  return key;
}

export function masterKeyFile(config: Config): string {
  return join(config.dataDir, "master.key");
}

/**
 * The key that wraps every tenant's data key. Production must provide it; a local install
 * gets one generated under the data directory, which must then be backed up with the data.
 */
export function loadMasterKey(config: Config, log: Logger): Buffer {
  if (config.masterKey) return decodeMasterKey(config.masterKey, "STOFLOW_MASTER_KEY");
  if (config.production) throw new ConfigError("STOFLOW_MASTER_KEY is required in production.");
  const file = masterKeyFile(config);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(KEY_BYTES).toString("base64"), { mode: 0o600, flag: "wx" });
    log.warn({ file }, "Generated a master key; back it up together with the data directory");
  }
  return decodeMasterKey(readFileSync(file, "utf8"), file);
}

/**
 * A short public name for a master key, stored beside what it wraps so a wrong key is named
 * as such. Derived one-way: it reveals nothing about the key.
 */
export function masterKeyId(key: Buffer): string {
  return Buffer.from(hkdfSync("sha256", key, "stoflow", "master-key-id", 8)).toString("hex");
}
