import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provisionTenant, withTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDACT } from "../src/logger.ts";
import { masterKeyId } from "../src/vault/master-key.ts";
import { rotateMasterKey } from "../src/vault/rotate.ts";
import { createVault, MasterKeyMismatchError, type Vault } from "../src/vault/vault.ts";
import { secretsOf, vintedSession } from "./support/channels.ts";
import { runCli } from "./support/cli.ts";
import { startTestEngine, type TestEngine } from "./support/engine.ts";

describe("credential vault", () => {
  let engine: TestEngine;
  let vault: Vault;
  let shopA: number;
  let shopB: number;
  beforeAll(async () => {
    engine = await startTestEngine();
    vault = engine.ctx.vault;
    shopA = (await provisionTenant(engine.database.pool, { name: "A" })).id;
    shopB = (await provisionTenant(engine.database.pool, { name: "B" })).id;
  });
  afterAll(() => engine.close());

  const wrapped = async (tenantId: number): Promise<Buffer> => {
    const { rows } = await engine.database.pool.query(
      "SELECT wrapped_key FROM tenant_keys WHERE tenant_id = $1",
      [tenantId],
    );
    return rows[0].wrapped_key;
  };

  it("round-trips a secret in a versioned, self-describing blob with a fresh IV each time", async () => {
    const secret = "access_token_web=eyJhbGciOi.secret";
    const first = await vault.encrypt(shopA, secret);
    const second = await vault.encrypt(shopA, secret);
    expect(first[0]).toBe(1); // format version
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(secret));
    expect(first.equals(second)).toBe(false);
    expect(first.includes(Buffer.from(secret))).toBe(false);
    expect((await vault.decrypt(shopA, first)).toString()).toBe(secret);
    expect((await vault.decrypt(shopA, second)).toString()).toBe(secret);
  });

  it("keeps one data key per tenant, stored only wrapped, and binds ciphertexts to their tenant", async () => {
    const blob = await vault.encrypt(shopA, "only for A");
    await vault.encrypt(shopB, "only for B");
    const a = await wrapped(shopA);
    const b = await wrapped(shopB);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(1 + 12 + 16 + 32);
    await expect(vault.decrypt(shopB, blob)).rejects.toThrow(/does not authenticate/);
    const tampered = Buffer.from(blob);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    await expect(vault.decrypt(shopA, tampered)).rejects.toThrow(/does not authenticate/);
    await expect(vault.decrypt(shopA, Buffer.from([9, 1, 2]))).rejects.toThrow(/version/);
  });

  it("fails loudly with a wrong master key instead of returning garbage", async () => {
    const blob = await vault.encrypt(shopA, "cookie value");
    const wrong = createVault(engine.database.db, randomBytes(32));
    const failure = wrong.decrypt(shopA, blob);
    await expect(failure).rejects.toBeInstanceOf(MasterKeyMismatchError);
    await expect(failure).rejects.toThrow(
      /master key does not match the one that encrypted tenant \d+'s data/,
    );
    await expect(wrong.assertMasterKey()).rejects.toThrow(/master key does not match/);
    await expect(vault.assertMasterKey()).resolves.toBeUndefined();
  });

  it("rotation re-wraps every data key in one go: readable with the new key, not the old, ciphertexts untouched", async () => {
    const db = engine.database.db;
    const blobs = new Map<number, Buffer>();
    for (const tenantId of [shopA, shopB]) {
      const blob = await vault.encrypt(tenantId, `secret of ${tenantId}`);
      blobs.set(tenantId, blob);
      await withTenant(db, tenantId, (tx) =>
        tx.execute(sql`INSERT INTO channel_accounts (platform, domain, external_user_id, credentials_ciphertext)
                       VALUES ('vinted', 'www.vinted.fr', ${String(tenantId)}, ${blob})`),
      );
    }
    const before = await wrapped(shopA);
    const newKey = randomBytes(32);

    // A wrong "current" key moves nothing.
    await expect(rotateMasterKey(db, randomBytes(32), newKey)).rejects.toThrow(
      /master key does not match/,
    );
    expect((await wrapped(shopA)).equals(before)).toBe(true);

    const result = await rotateMasterKey(db, engine.masterKey, newKey);
    expect(result).toMatchObject({ rewrapped: 2, toKeyId: masterKeyId(newKey) });
    expect((await wrapped(shopA)).equals(before)).toBe(false);
    const { rows } = await engine.database.pool.query(
      "SELECT master_key_id, rotated_at FROM tenant_keys",
    );
    for (const row of rows) {
      expect(row.master_key_id).toBe(masterKeyId(newKey));
      expect(row.rotated_at).not.toBeNull();
    }

    const withNew = createVault(db, newKey);
    const withOld = createVault(db, engine.masterKey);
    for (const [tenantId, blob] of blobs) {
      const stored = await withTenant(db, tenantId, (tx) =>
        tx.execute<{ c: Buffer }>(
          sql`SELECT credentials_ciphertext AS c FROM channel_accounts WHERE external_user_id = ${String(tenantId)}`,
        ),
      );
      const ciphertext = stored.rows[0]?.c as Buffer;
      expect(ciphertext.equals(blob)).toBe(true); // not re-encrypted
      expect((await withNew.decrypt(tenantId, ciphertext)).toString()).toBe(
        `secret of ${tenantId}`,
      );
      await expect(withOld.decrypt(tenantId, ciphertext)).rejects.toThrow(
        /master key does not match/,
      );
    }
  });
});

describe("stoflow vault rotate", () => {
  let engine: TestEngine;
  let dataDir: string;
  let current: Buffer; // the master key the data is wrapped by after the first rotation
  beforeAll(async () => {
    engine = await startTestEngine();
    dataDir = mkdtempSync(join(tmpdir(), "stoflow-vault-cli-"));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("re-wraps every tenant key with STOFLOW_NEW_MASTER_KEY and says what to do next", async () => {
    const { id } = await provisionTenant(engine.database.pool, { name: "CLI" });
    const blob = await engine.ctx.vault.encrypt(id, "cookie");
    const newKey = randomBytes(32);
    current = newKey;
    const env = {
      DATABASE_URL: engine.database.url,
      STOFLOW_DATA_DIR: dataDir,
      STOFLOW_MASTER_KEY: engine.masterKey.toString("base64"),
    };
    const missing = await runCli(["vault", "rotate"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("STOFLOW_NEW_MASTER_KEY");

    const done = await runCli(["vault", "rotate"], {
      ...env,
      STOFLOW_NEW_MASTER_KEY: newKey.toString("base64"),
    });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Re-wrapped 1 tenant data key/);
    expect(done.stdout).toContain("set STOFLOW_MASTER_KEY to the new key");
    expect(done.stdout + done.stderr).not.toContain(newKey.toString("base64"));
    expect((await createVault(engine.database.db, newKey).decrypt(id, blob)).toString()).toBe(
      "cookie",
    );
  });

  it("replaces the generated key file when the master key lives in the data directory", async () => {
    const { id } = await provisionTenant(engine.database.pool, { name: "File" });
    const blob = await createVault(engine.database.db, current).encrypt(id, "cookie");
    const own = mkdtempSync(join(tmpdir(), "stoflow-vault-file-"));
    try {
      const env = { DATABASE_URL: engine.database.url, STOFLOW_DATA_DIR: own };
      const next = randomBytes(32);
      // No key file yet: a fresh key is generated, and it does not match the stored data.
      const refused = await runCli(["vault", "rotate"], {
        ...env,
        STOFLOW_NEW_MASTER_KEY: next.toString("base64"),
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("master key does not match");

      writeFileSync(join(own, "master.key"), current.toString("base64"));
      const done = await runCli(["vault", "rotate"], {
        ...env,
        STOFLOW_NEW_MASTER_KEY: next.toString("base64"),
      });
      expect(done.code, done.stderr).toBe(0);
      expect(readFileSync(join(own, "master.key"), "utf8")).toBe(next.toString("base64"));
      expect((await createVault(engine.database.db, next).decrypt(id, blob)).toString()).toBe(
        "cookie",
      );
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe("logs", () => {
  it("redact sessions, cookies and CSRF tokens wherever they sit in a logged object", () => {
    const lines: string[] = [];
    const log = pino(
      { redact: { paths: REDACT, censor: "[redacted]" } },
      { write: (line: string) => void lines.push(line) },
    );
    const session = vintedSession();
    log.info({ session }, "uploaded");
    log.info({ account: { id: "x", cookies: session.cookies, csrfToken: session.csrfToken } });
    log.info({ job: { upload: session } });
    log.info({ credentials: "ciphertext", newMasterKey: "k" });
    const text = lines.join("\n");
    for (const secret of secretsOf(session)) expect(text).not.toContain(secret);
    expect(text).not.toContain("ciphertext");
    expect(text).toContain("[redacted]");
  });
});
