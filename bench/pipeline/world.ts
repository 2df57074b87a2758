// The engine as the worker role builds it (config, pool, vault), and the shops the benchmark
// publishes for: one tenant per shop, each with one Vinted account connected to its own
// sandbox seller, pacing limits out of the way, and products that map and lint cleanly.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, createPool, migrate, provisionTenant, tenantSchema } from "@stoflow/db";
import { saveVintedSession } from "../../engine/src/channel-accounts/vinted-session.ts";
import { type Config, loadConfig } from "../../engine/src/config.ts";
import type { Database } from "../../engine/src/database.ts";
import { createLogger, type Logger } from "../../engine/src/logger.ts";
import { imageStorageFor } from "../../engine/src/products/storage/image-storage.ts";
import type { CapturedSession, SandboxUser } from "../../engine/src/sandbox/vinted/state.ts";
import { createVault, type Vault } from "../../engine/src/vault/vault.ts";

export interface EngineParts {
  config: Config;
  log: Logger;
  database: Database;
  vault: Vault;
  /** The vault's master key, for engine processes the benchmark starts. */
  masterKey: Buffer;
  dataDir: string;
  close(): Promise<void>;
}

export async function engineParts(url: string, poolSize: number): Promise<EngineParts> {
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-bench-pipeline-"));
  chmodSync(dataDir, 0o755);
  const config = loadConfig({
    DATABASE_URL: url,
    STOFLOW_DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    DATABASE_POOL_SIZE: String(poolSize),
  });
  const pool = createPool(url, { max: config.databasePoolSize });
  const db = createDb(pool);
  await migrate(pool);
  const database: Database = { pool, db, embedded: undefined, close: () => pool.end() };
  const masterKey = randomBytes(32);
  return {
    config,
    log: createLogger(config),
    database,
    vault: createVault(db, masterKey),
    masterKey,
    dataDir,
    async close() {
      await pool.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Shop {
  tenantId: number;
  accountId: string;
}

/** A tenant with one Vinted account on a fresh sandbox seller; pacing limits very high. */
export async function createShop(
  parts: EngineParts,
  sandboxUrl: string,
  index: number,
  pacing: { maxActions: number; windowSeconds: number },
): Promise<Shop> {
  const { id: tenantId } = await provisionTenant(parts.database.pool, {
    name: `Bench shop ${index} ${randomBytes(3).toString("hex")}`,
  });
  const res = await fetch(`${sandboxUrl}/__sandbox/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: `bench${index}`, domain: "www.vinted.fr" }),
  });
  if (!res.ok) throw new Error(`sandbox user: ${res.status} ${await res.text()}`);
  const { user, session } = (await res.json()) as { user: SandboxUser; session: CapturedSession };
  const account = await saveVintedSession(parts.database.db, parts.vault, tenantId, {
    ...session,
    userId: String(user.id),
    username: user.login,
  });
  await parts.database.pool.query(
    `UPDATE "${tenantSchema(tenantId)}".channel_accounts
        SET pacing_max_actions = $1, pacing_window_seconds = $2 WHERE id = $3`,
    [pacing.maxActions, pacing.windowSeconds, account.id],
  );
  return { tenantId, accountId: account.id };
}

/** A JPEG of about `bytes` bytes (header, then filler): what the sandbox checks is the type. */
function jpeg(bytes: number): Buffer {
  const data = randomBytes(Math.max(bytes, 16));
  data.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  return data;
}

/** Stores the photos once; every product points at them (read from disk at each publish). */
export async function storePhotos(parts: EngineParts, count: number, bytes: number) {
  const storage = imageStorageFor(parts.config);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `bench${randomBytes(12).toString("hex")}.jpg`;
    await storage.put(key, jpeg(bytes), "image/jpeg");
    keys.push(key);
  }
  return keys;
}

/** `count` active products that map to Vinted ids and pass the lint, each with the photos. */
export async function seedProducts(
  parts: EngineParts,
  tenantId: number,
  count: number,
  photoKeys: string[],
  batch: string,
): Promise<string[]> {
  const schema = tenantSchema(tenantId);
  const client = await parts.database.pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "${schema}".products
         (sku, title, description, brand, category, size, colors, condition, price, status)
       SELECT '${batch}-' || g, 'Jean Levi''s 501 bleu brut n° ' || g,
              'Porté deux fois, aucun défaut, coupe droite, taille haute.',
              'Levi''s', 'femmes/vetements/jeans', '38', ARRAY['bleu'], 'very_good',
              15 + g % 50, 'active'
       FROM generate_series(1, $1::int) AS g
       RETURNING id`,
      [count],
    );
    const ids = rows.map((r) => r.id);
    for (const [position, key] of photoKeys.entries()) {
      await client.query(
        `INSERT INTO "${schema}".product_images (product_id, position, storage_key, content_type, bytes)
         SELECT id, $2, $3, 'image/jpeg', 1 FROM unnest($1::uuid[]) AS id`,
        [ids, position, key],
      );
    }
    await client.query("COMMIT");
    await client.query(`ANALYZE "${schema}".products, "${schema}".product_images`);
    return ids;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
