import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsage } from "../src/plans/usage.ts";
import { request, setPlan, signUp, startTestEngine, type TestEngine } from "./support/engine.ts";
import { seeder } from "./support/seed-listings.ts";

const firstOfMonthUtc = (offset = 0) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 10);
};

describe("plans and usage", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("lists every plan from the plans table, cheapest first, to anyone", async () => {
    const res = await request(engine, "GET", "/api/v1/plans");
    expect(res.status).toBe(200);
    expect(res.body.plans.map((p: { code: string }) => p.code)).toEqual([
      "starter",
      "standard",
      "premium",
      "business",
      "enterprise",
    ]);
    expect(res.body.plans[0]).toEqual({
      code: "starter",
      name: "Starter",
      priceCents: 990,
      currency: "EUR",
      maxProducts: 50,
      maxPlatforms: 2,
      maxUsers: 1,
      aiDescriptions: false,
      aiGenerationsPerMonth: 0,
      apiAccess: false,
      prioritySupport: false,
      includedPublications: 100,
      overageCentsPerPublication: 10,
    });
    expect(res.body.plans[3]).toMatchObject({
      code: "business",
      priceCents: 9900,
      apiAccess: true,
    });
    expect(res.body.plans[4]).toMatchObject({ priceCents: null, maxProducts: null });
    // The values come from the table, not from code.
    await engine.database.pool.query("UPDATE plans SET price_cents = 1090 WHERE code = 'starter'");
    const changed = await request(engine, "GET", "/api/v1/plans");
    expect(changed.body.plans[0].priceCents).toBe(1090);
    await engine.database.pool.query("UPDATE plans SET price_cents = 990 WHERE code = 'starter'");
  });

  it("shows a new shop's use against the Starter limits", async () => {
    const owner = await signUp(engine);
    const res = await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: expect.objectContaining({ code: "starter", name: "Starter" }),
      period: { start: firstOfMonthUtc(), end: firstOfMonthUtc(1) },
      products: { used: 0, max: 50 },
      platforms: { used: 0, max: 2 },
      users: { used: 1, pendingInvitations: 0, max: 1 },
      publications: {
        used: 0,
        included: 100,
        overage: 0,
        overageCentsPerPublication: 10,
        overageCostCents: 0,
        currency: "EUR",
      },
      aiGenerations: { used: 0, max: 0 },
      ai: {
        generations: 0,
        modelCalls: 0,
        cacheHits: 0,
        fallbacks: 0,
        promptTokens: 0,
        completionTokens: 0,
        costMicros: 0,
        costUsd: 0,
      },
    });
    expect((await request(engine, "GET", "/api/v1/usage")).status).toBe(401);
  });

  it("counts products, distinct platforms, members, invitations and this month's meters", async () => {
    const owner = await signUp(engine);
    await setPlan(engine, owner.tenantId, "standard");
    const seed = seeder(engine, owner.tenantId);
    for (let i = 0; i < 3; i++) await seed.product(`Product ${i}`);
    await seed.account("vinted", { username: "lea-fr" });
    await seed.account("vinted", { username: "lea-de" });
    await seed.account("ebay");
    const db = engine.database.db;
    await recordUsage(db, owner.tenantId, "publications", 480);
    await recordUsage(db, owner.tenantId, "publications", 50);
    await recordUsage(db, owner.tenantId, "ai_generations", 7);
    // Last month's counters belong to last month.
    await engine.database.pool.query(
      `INSERT INTO usage_counters (tenant_id, period, metric, value) VALUES ($1, $2, 'publications', 999)`,
      [owner.tenantId, firstOfMonthUtc(-1)],
    );

    const res = await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken });
    expect(res.body).toMatchObject({
      plan: { code: "standard" },
      products: { used: 3, max: 200 },
      platforms: { used: 2, max: 5 },
      users: { used: 1, pendingInvitations: 0, max: 1 },
      publications: {
        used: 530,
        included: 500,
        overage: 30,
        overageCentsPerPublication: 10,
        overageCostCents: 300,
      },
      aiGenerations: { used: 7, max: 200 },
    });

    await setPlan(engine, owner.tenantId, "business");
    await request(engine, "POST", "/api/v1/members/invitations", {
      token: owner.accessToken,
      body: { email: "helper@example.test", role: "member" },
    });
    const business = await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken });
    expect(business.body).toMatchObject({
      products: { used: 3, max: null },
      platforms: { used: 2, max: null },
      users: { used: 1, pendingInvitations: 1, max: 10 },
      publications: { used: 530, included: 10000, overage: 0, overageCostCents: 0 },
    });
  });

  it("reports no overage on a plan without a publication quota", async () => {
    const owner = await signUp(engine);
    await setPlan(engine, owner.tenantId, "enterprise");
    await recordUsage(engine.database.db, owner.tenantId, "publications", 123_456);
    const res = await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken });
    expect(res.body.publications).toEqual({
      used: 123_456,
      included: null,
      overage: 0,
      overageCentsPerPublication: null,
      overageCostCents: 0,
      currency: "EUR",
    });
  });

  it("records usage without losing concurrent increments", async () => {
    const owner = await signUp(engine);
    await Promise.all(
      Array.from({ length: 25 }, () =>
        recordUsage(engine.database.db, owner.tenantId, "publications", 2),
      ),
    );
    const res = await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken });
    expect(res.body.publications.used).toBe(50);
  });

  it("keeps each shop's usage to itself", async () => {
    const a = await signUp(engine);
    const b = await signUp(engine);
    await seeder(engine, a.tenantId).product();
    await recordUsage(engine.database.db, a.tenantId, "ai_generations", 3);
    const res = await request(engine, "GET", "/api/v1/usage", { token: b.accessToken });
    expect(res.body.products.used).toBe(0);
    expect(res.body.aiGenerations.used).toBe(0);
  });
});
