import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { tenant, withTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsage } from "../src/plans/usage.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { imageForm, PNG } from "./support/products.ts";
import { seeder } from "./support/seed-listings.ts";
import { createKey, join } from "./support/team.ts";

describe("GDPR: export and account deletion", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  async function businessShop(name: string): Promise<SignedUp> {
    const owner = await signUp(engine, name);
    await setPlan(engine, owner.tenantId, "business");
    return owner;
  }

  /** Every secret the database holds for this shop, as stored. */
  async function storedSecrets(tenantId: number): Promise<string[]> {
    const { rows } = await engine.database.pool.query<{ secret: string }>(
      `SELECT password_hash AS secret FROM users
         WHERE id IN (SELECT user_id FROM memberships WHERE tenant_id = $1)
       UNION ALL SELECT key_hash FROM api_keys WHERE tenant_id = $1
       UNION ALL SELECT token_hash FROM invitations WHERE tenant_id = $1
       UNION ALL SELECT token_hash FROM refresh_tokens WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows.map((r) => r.secret);
  }

  it("exports everything of the shop as a JSON download, without a single secret", async () => {
    const owner = await businessShop("Export shop");
    const admin = await join(engine, owner, "admin");
    const key = await createKey(engine, owner, "ERP");
    await request(engine, "POST", "/api/v1/members/invitations", {
      token: owner.accessToken,
      body: { email: "pending@example.test", role: "member" },
    });
    await recordUsage(engine.database.db, owner.tenantId, "publications", 12);
    const seed = seeder(engine, owner.tenantId);
    const product = await seed.product("Robe en lin");
    const account = await seed.account("vinted");
    const listing = await seed.listing(product, account, "published");
    await seed.event(listing, "publish", "publishing", "published");

    const res = await request(engine, "GET", "/api/v1/account/export", {
      token: owner.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("content-disposition")).toMatch(
      new RegExp(
        `^attachment; filename="stoflow-export-${owner.tenantId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`,
      ),
    );
    const archive = res.body;
    expect(archive).toMatchObject({
      format: "stoflow-export",
      version: 1,
      tenant: { id: owner.tenantId, name: "Export shop" },
      subscription: { tenantId: owner.tenantId, planCode: "business" },
      usage: [{ metric: "publications", value: 12 }],
      invitations: [
        { email: admin.email, role: "admin", acceptedAt: expect.any(String) },
        { email: "pending@example.test", role: "member", acceptedAt: null },
      ],
      apiKeys: [{ id: key.id, name: "ERP" }],
    });
    expect(archive.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, "owner"],
      [admin.email, "admin"],
    ]);
    expect(Object.keys(archive.tables)).toEqual(
      expect.arrayContaining([
        "products",
        "productImages",
        "productVariants",
        "channelAccounts",
        "listings",
        "publicationEvents",
        "catalogSources",
        "importRuns",
        "aiGenerations",
      ]),
    );
    expect(archive.tables.stoflowMigrations).toBeUndefined();
    expect(archive.tables.products).toEqual([
      expect.objectContaining({ id: product, title: "Robe en lin", price: 25 }),
    ]);
    expect(archive.tables.listings).toEqual([
      expect.objectContaining({ id: listing, productId: product, channelAccountId: account }),
    ]);
    expect(archive.tables.publicationEvents).toHaveLength(1);
    expect(archive.tables.channelAccounts[0]).toMatchObject({ id: account, platform: "vinted" });
    expect(archive.tables.channelAccounts[0]).not.toHaveProperty("credentialsCiphertext");
    expect(archive.omitted).toEqual(
      expect.arrayContaining([
        "channelAccounts.credentialsCiphertext",
        "catalogSources.credentialsCiphertext",
      ]),
    );

    const text = JSON.stringify(archive);
    for (const secret of await storedSecrets(owner.tenantId)) expect(text).not.toContain(secret);
    expect(text).not.toContain(key.key);
    expect(text).not.toMatch(/passwordHash|keyHash|tokenHash|very secret session cookie/);
    expect(text).not.toContain(Buffer.from("very secret session cookie").toString("base64"));
    expect(text).not.toContain(Buffer.from("very secret session cookie").toString("hex"));
  });

  it("streams a catalogue larger than one page, and only this shop's rows", async () => {
    const owner = await signUp(engine, "Big catalogue");
    const neighbour = await signUp(engine, "Neighbour");
    await seeder(engine, neighbour.tenantId).product("Not yours");
    await withTenant(engine.database.db, owner.tenantId, (tx) =>
      tx.execute(sql`
        INSERT INTO ${tenant.products} (title, price, sku)
        SELECT 'Item ' || n, n, 'SKU-' || n FROM generate_series(1, 2500) AS n`),
    );
    const res = await request(engine, "GET", "/api/v1/account/export", {
      token: owner.accessToken,
    });
    expect(res.status).toBe(200);
    const products: { sku: string; title: string }[] = res.body.tables.products;
    expect(products).toHaveLength(2500);
    expect(new Set(products.map((p) => p.sku)).size).toBe(2500);
    expect(products.some((p) => p.title === "Not yours")).toBe(false);
  });

  it("lets go of its transaction when the client walks away mid-download", async () => {
    const owner = await signUp(engine, "Walks away");
    await withTenant(engine.database.db, owner.tenantId, (tx) =>
      tx.execute(sql`
        INSERT INTO ${tenant.products} (title, description, price)
        SELECT 'Item ' || n, repeat('long description ', 40), n
        FROM generate_series(1, 20000) AS n`),
    );
    const aborter = new AbortController();
    const res = await fetch(`${engine.url}/api/v1/account/export`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
      signal: aborter.signal,
    });
    expect(res.status).toBe(200);
    // Read nothing for a while: the server fills the socket and waits for it to drain.
    await new Promise((resolve) => setTimeout(resolve, 300));
    aborter.abort();
    await expect
      .poll(async () => {
        const { rows } = await engine.database.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        return rows[0].n;
      })
      .toBe(0);
    const me = await request(engine, "GET", "/api/v1/me", { token: owner.accessToken });
    expect(me.status).toBe(200);
  });

  it("lets only the owner export", async () => {
    const owner = await businessShop("Owner only");
    const admin = await join(engine, owner, "admin");
    const member = await join(engine, owner, "member");
    for (const token of [admin.accessToken, member.accessToken]) {
      const res = await request(engine, "GET", "/api/v1/account/export", { token });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await request(engine, "GET", "/api/v1/account/export")).status).toBe(401);
  });

  it("refuses to delete without the shop's exact name, and leaves everything in place", async () => {
    const owner = await signUp(engine, "Chez Léa");
    const attempts = [{ confirm: "chez léa" }, { confirm: "Chez Lea" }, { confirm: "" }];
    for (const body of attempts) {
      const res = await request(engine, "DELETE", "/api/v1/account", {
        token: owner.accessToken,
        body,
      });
      expect(res.status).toBe(400);
    }
    const invalid = [
      await request(engine, "DELETE", "/api/v1/account", { token: owner.accessToken, body: {} }),
      await request(engine, "DELETE", "/api/v1/account", {
        token: owner.accessToken,
        body: { confirm: "Chez Léa", force: true },
      }),
      await request(engine, "DELETE", "/api/v1/account", { token: owner.accessToken }),
    ];
    for (const res of invalid) expect(res.status).toBe(400);
    const me = await request(engine, "GET", "/api/v1/me", { token: owner.accessToken });
    expect(me.status).toBe(200);
  });

  it("lets only the owner delete the account", async () => {
    const owner = await businessShop("Guarded");
    const admin = await join(engine, owner, "admin");
    const res = await request(engine, "DELETE", "/api/v1/account", {
      token: admin.accessToken,
      body: { confirm: "Guarded" },
    });
    expect(res.status).toBe(403);
  });

  it("deletes the shop for good: schema, control-plane rows, team accounts and every credential", async () => {
    const owner = await businessShop("Closing down");
    const admin = await join(engine, owner, "admin");
    const elsewhere = await signUp(engine, "Her other shop");
    // A member who also owns another shop keeps her account and that shop.
    const invited = await request(engine, "POST", "/api/v1/members/invitations", {
      token: owner.accessToken,
      body: { email: elsewhere.email, role: "member" },
    });
    await request(engine, "POST", "/api/v1/auth/accept-invitation", {
      body: { token: invited.body.token, password: elsewhere.password },
    });
    const key = await createKey(engine, owner);
    const product = await seeder(engine, owner.tenantId).product();
    const upload = await request(engine, "POST", `/api/v1/products/${product}/images`, {
      token: owner.accessToken,
      rawBody: imageForm({ data: PNG, name: "photo.png" }),
    });
    const photo = upload.body.images[0].url as string;
    expect((await request(engine, "GET", photo)).status).toBe(200);

    const res = await request(engine, "DELETE", "/api/v1/account", {
      token: owner.accessToken,
      body: { confirm: "Closing down" },
    });
    expect(res.status).toBe(204);

    const pool = engine.database.pool;
    const schema = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
      `tenant_${owner.tenantId}`,
    ]);
    expect(schema.rowCount).toBe(0);
    for (const table of [
      "tenants",
      "memberships",
      "api_keys",
      "invitations",
      "subscriptions",
      "refresh_tokens",
    ]) {
      const column = table === "tenants" ? "id" : "tenant_id";
      const { rowCount } = await pool.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [
        owner.tenantId,
      ]);
      expect(rowCount, table).toBe(0);
    }
    const accounts = await pool.query("SELECT id FROM users WHERE id = ANY($1)", [
      [owner.userId, admin.userId, elsewhere.userId],
    ]);
    expect(accounts.rows.map((r) => r.id)).toEqual([elsewhere.userId]);
    // Uploaded photos are personal data too: the files are gone, not only their rows.
    expect((await request(engine, "GET", photo)).status).toBe(404);
    const uploads = path.join(engine.ctx.config.dataDir, "uploads");
    const left = existsSync(uploads) ? readdirSync(uploads) : [];
    expect(left.filter((name) => photo.endsWith(name))).toEqual([]);

    // Every old credential is dead.
    for (const token of [owner.accessToken, admin.accessToken, key.key]) {
      expect((await request(engine, "GET", "/api/v1/me", { token })).status).toBe(401);
    }
    const refresh = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: owner.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const login = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: owner.email, password: owner.password },
    });
    expect(login.status).toBe(401);

    // The e-mail is free again, and the member's own shop is untouched.
    const again = await request(engine, "POST", "/api/v1/auth/signup", {
      body: { email: owner.email, password: owner.password, shopName: "Fresh start" },
    });
    expect(again.status).toBe(201);
    const hers = await request(engine, "GET", "/api/v1/me", { token: elsewhere.accessToken });
    expect(hers.body).toMatchObject({ role: "owner", tenant: { id: elsewhere.tenantId } });
  });
});
