import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/auth/secrets.ts";
import {
  businessShop,
  request,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createKey, join } from "./support/team.ts";

const PROBLEM = "https://stoflow.app/problems/";

describe("API keys", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("needs a plan with API access: 402 naming the feature and the plan that has it", async () => {
    const owner = await signUp(engine);
    for (const plan of ["starter", "standard", "premium"]) {
      await setPlan(engine, owner.tenantId, plan);
      const res = await request(engine, "POST", "/api/v1/api-keys", {
        token: owner.accessToken,
        body: { name: "ERP" },
      });
      expect(res.status).toBe(402);
      expect(res.body).toMatchObject({
        type: `${PROBLEM}plan-limit`,
        limit: "apiAccess",
        plan,
        upgradeTo: "business",
      });
    }
  });

  it("shows the key once, stores only its hash, and lists it without the secret", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const created = await request(engine, "POST", "/api/v1/api-keys", {
      token: owner.accessToken,
      body: { name: "  ERP sync  " },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "ERP sync", lastUsedAt: null });
    const { key, prefix, id } = created.body;
    expect(key).toMatch(/^sfk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(16);

    const { rows } = await engine.database.pool.query("SELECT * FROM api_keys WHERE id = $1", [id]);
    expect(rows[0].key_hash).toBe(hashSecret(key));
    expect(JSON.stringify(rows[0])).not.toContain(key);

    const list = await request(engine, "GET", "/api/v1/api-keys", { token: owner.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.apiKeys).toEqual([
      { id, name: "ERP sync", prefix, createdAt: created.body.createdAt, lastUsedAt: null },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain(rows[0].key_hash);
  });

  it("authenticates as an admin of its own shop and records when it was used", async () => {
    const owner = await businessShop(engine, "Key shop");
    const { key, id } = await createKey(engine, owner);
    const me = await request(engine, "GET", "/api/v1/me", { token: key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: null,
      role: "admin",
      via: "api_key",
      tenant: { id: owner.tenantId, name: "Key shop" },
    });
    const team = await request(engine, "GET", "/api/v1/members", { token: key });
    expect(team.body.members.map((m: { userId: string }) => m.userId)).toEqual([owner.userId]);
    const list = await request(engine, "GET", "/api/v1/api-keys", { token: owner.accessToken });
    const listed = list.body.apiKeys.find((k: { id: string }) => k.id === id);
    expect(Date.parse(listed.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("stops working the moment it is revoked", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const { key, id } = await createKey(engine, owner);
    expect((await request(engine, "GET", "/api/v1/me", { token: key })).status).toBe(200);
    const revoked = await request(engine, "DELETE", `/api/v1/api-keys/${id}`, {
      token: owner.accessToken,
    });
    expect(revoked.status).toBe(204);
    const after = await request(engine, "GET", "/api/v1/me", { token: key });
    expect(after.status).toBe(401);
    expect(after.body.type).toBe(`${PROBLEM}unauthorized`);
    const list = await request(engine, "GET", "/api/v1/api-keys", { token: owner.accessToken });
    expect(list.body.apiKeys).toEqual([]);
    const again = await request(engine, "DELETE", `/api/v1/api-keys/${id}`, {
      token: owner.accessToken,
    });
    expect(again.status).toBe(404);
  });

  it("stops working when the shop moves to a plan without API access, and works again after", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const { key } = await createKey(engine, owner);
    await setPlan(engine, owner.tenantId, "premium");
    const res = await request(engine, "GET", "/api/v1/me", { token: key });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ limit: "apiAccess", upgradeTo: "business" });
    // Listing and revoking stay possible, so a downgraded shop can clean up.
    const list = await request(engine, "GET", "/api/v1/api-keys", { token: owner.accessToken });
    expect(list.body.apiKeys).toHaveLength(1);
    await setPlan(engine, owner.tenantId, "enterprise");
    expect((await request(engine, "GET", "/api/v1/me", { token: key })).status).toBe(200);
  });

  it("never reaches another shop", async () => {
    const shopA = await businessShop(engine, "Shop A");
    const shopB = await businessShop(engine, "Shop B");
    const keyA = await createKey(engine, shopA, "A's key");
    const keyB = await createKey(engine, shopB, "B's key");

    const listA = await request(engine, "GET", "/api/v1/api-keys", { token: keyA.key });
    expect(listA.body.apiKeys.map((k: { name: string }) => k.name)).toEqual(["A's key"]);
    const teamA = await request(engine, "GET", "/api/v1/members", { token: keyA.key });
    expect(teamA.body.members.map((m: { userId: string }) => m.userId)).toEqual([shopA.userId]);

    // A's owner cannot revoke B's key by id, and B's key keeps working.
    const cross = await request(engine, "DELETE", `/api/v1/api-keys/${keyB.id}`, {
      token: shopA.accessToken,
    });
    expect(cross.status).toBe(404);
    const meB = await request(engine, "GET", "/api/v1/me", { token: keyB.key });
    expect(meB.body.tenant.id).toBe(shopB.tenantId);
    const usageA = await request(engine, "GET", "/api/v1/usage", { token: keyA.key });
    expect(usageA.status).toBe(200);
    expect(usageA.body.users.used).toBe(1);
  });

  it("cannot mint keys, manage the team, or touch the account", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const { key, id } = await createKey(engine, owner);
    const attempts = [
      await request(engine, "POST", "/api/v1/api-keys", { token: key, body: { name: "more" } }),
      await request(engine, "DELETE", `/api/v1/api-keys/${id}`, { token: key }),
      await request(engine, "POST", "/api/v1/members/invitations", {
        token: key,
        body: { email: "spy@example.test", role: "admin" },
      }),
      await request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
        token: key,
        body: { role: "member" },
      }),
      await request(engine, "GET", "/api/v1/account/export", { token: key }),
      await request(engine, "DELETE", "/api/v1/account", {
        token: key,
        body: { confirm: "B2B shop" },
      }),
    ];
    for (const res of attempts) expect(res.status).toBe(403);
    expect((await request(engine, "GET", "/api/v1/me", { token: key })).status).toBe(200);
  });

  it("is managed by owners and admins only", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const admin = await join(engine, owner, "admin");
    const member = await join(engine, owner, "member");
    const byAdmin = await createKey(engine, admin, "admin's key");
    expect(byAdmin.key).toMatch(/^sfk_/);
    const attempts = [
      await request(engine, "POST", "/api/v1/api-keys", {
        token: member.accessToken,
        body: { name: "mine" },
      }),
      await request(engine, "GET", "/api/v1/api-keys", { token: member.accessToken }),
      await request(engine, "DELETE", `/api/v1/api-keys/${byAdmin.id}`, {
        token: member.accessToken,
      }),
    ];
    for (const res of attempts) expect(res.status).toBe(403);
  });

  it("answers bad input with 400 and unknown ids with 404", async () => {
    const owner = await businessShop(engine, "B2B shop");
    const token = owner.accessToken;
    const bad = [
      await request(engine, "POST", "/api/v1/api-keys", { token, body: { name: "   " } }),
      await request(engine, "POST", "/api/v1/api-keys", { token, body: { name: "x".repeat(101) } }),
      await request(engine, "POST", "/api/v1/api-keys", { token, body: { name: "x", scope: "*" } }),
      await request(engine, "POST", "/api/v1/api-keys", { token, body: {} }),
      await request(engine, "DELETE", "/api/v1/api-keys/42", { token }),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const unknown = await request(engine, "DELETE", `/api/v1/api-keys/${randomUUID()}`, { token });
    expect(unknown.status).toBe(404);
    const forged = await request(engine, "GET", "/api/v1/me", {
      token: `sfk_${"A".repeat(43)}`,
    });
    expect(forged.status).toBe(401);
  });
});
