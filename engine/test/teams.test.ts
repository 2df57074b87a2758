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
import { join } from "./support/team.ts";

const PROBLEM = "https://stoflow.app/problems/";

describe("teams: members, roles and invitations", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  const invite = (token: string, email: string, role = "member") =>
    request(engine, "POST", "/api/v1/members/invitations", { token, body: { email, role } });
  const accept = (token: string, password?: string) =>
    request(engine, "POST", "/api/v1/auth/accept-invitation", {
      body: password === undefined ? { token } : { token, password },
    });

  it("lists the owner as the shop's only member after sign-up", async () => {
    const owner = await signUp(engine);
    const res = await request(engine, "GET", "/api/v1/members", { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      members: [
        {
          userId: owner.userId,
          email: owner.email,
          displayName: null,
          role: "owner",
          joinedAt: expect.any(String),
        },
      ],
      invitations: [],
    });
    expect((await request(engine, "GET", "/api/v1/members")).status).toBe(401);
  });

  it("refuses invitations on a single-user plan with a 402 naming the users limit", async () => {
    const owner = await signUp(engine);
    const res = await invite(owner.accessToken, "friend@example.test");
    expect(res.status).toBe(402);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.body).toMatchObject({
      type: `${PROBLEM}plan-limit`,
      limit: "users",
      plan: "starter",
      max: 1,
      current: 1,
      upgradeTo: "business",
    });
  });

  it("invites with a one-time token stored hashed that expires in 7 days", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const email = `Invitee-${randomUUID()}@Example.test`;
    const res = await invite(owner.accessToken, email, "admin");
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: email.toLowerCase(), role: "admin" });
    expect(res.body.token).toMatch(/^sfi_[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(res.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const { rows } = await engine.database.pool.query("SELECT * FROM invitations WHERE id = $1", [
      res.body.id,
    ]);
    expect(rows[0].token_hash).toBe(hashSecret(res.body.token));
    expect(JSON.stringify(rows[0])).not.toContain(res.body.token);

    const team = await request(engine, "GET", "/api/v1/members", { token: owner.accessToken });
    expect(team.body.invitations).toEqual([
      {
        id: res.body.id,
        email: email.toLowerCase(),
        role: "admin",
        expiresAt: res.body.expiresAt,
        createdAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(team.body)).not.toContain(res.body.token);
  });

  it("creates the account of a new e-mail on acceptance and signs it in", async () => {
    const owner = await businessShop(engine, "Chez Camille");
    const email = `new-${randomUUID()}@example.test`;
    const { body: invitation } = await invite(owner.accessToken, email, "admin");

    const noPassword = await accept(invitation.token);
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.detail).toContain("password");
    const tooShort = await accept(invitation.token, "short");
    expect(tooShort.status).toBe(400);

    const joined = await accept(invitation.token, "a brand new password");
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      user: { email },
      tenant: { id: owner.tenantId, name: "Chez Camille" },
      role: "admin",
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const me = await request(engine, "GET", "/api/v1/me", { token: joined.body.accessToken });
    expect(me.body).toMatchObject({ role: "admin", tenant: { id: owner.tenantId } });
    const login = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email, password: "a brand new password" },
    });
    expect(login.status).toBe(200);

    const again = await accept(invitation.token, "a brand new password");
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(`${PROBLEM}invitation-used`);
    const team = await request(engine, "GET", "/api/v1/members", { token: owner.accessToken });
    expect(team.body.members.map((m: { email: string }) => m.email)).toEqual([owner.email, email]);
    expect(team.body.invitations).toEqual([]);
  });

  it("links an existing account once it proves itself with its own password", async () => {
    const owner = await businessShop(engine, "Boutique Two");
    const elsewhere = await signUp(engine, "Her own shop");
    const { body: invitation } = await invite(owner.accessToken, elsewhere.email.toUpperCase());

    expect((await accept(invitation.token)).status).toBe(400);
    const wrong = await accept(invitation.token, "not her password");
    expect(wrong.status).toBe(401);
    const joined = await accept(invitation.token, elsewhere.password);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      user: { id: elsewhere.userId },
      tenant: { id: owner.tenantId },
      role: "member",
    });
    // Her own shop is untouched and still hers.
    const own = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: elsewhere.email, password: elsewhere.password, tenantId: elsewhere.tenantId },
    });
    expect(own.body).toMatchObject({ role: "owner", tenant: { id: elsewhere.tenantId } });
    const { rowCount } = await engine.database.pool.query(
      "SELECT 1 FROM users WHERE lower(email) = lower($1)",
      [elsewhere.email],
    );
    expect(rowCount).toBe(1);
  });

  it("throttles wrong passwords on invitations like sign-ins", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const victim = await signUp(engine);
    const { body: invitation } = await invite(owner.accessToken, victim.email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await accept(invitation.token, `guess ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("refuses unknown, expired and withdrawn invitations", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    expect((await accept(`sfi_${"x".repeat(43)}`, "whatever password")).status).toBe(404);

    const { body: expired } = await invite(owner.accessToken, `late-${randomUUID()}@example.test`);
    await engine.database.pool.query(
      "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1",
      [expired.id],
    );
    const late = await accept(expired.token, "a long enough password");
    expect(late.status).toBe(409);
    expect(late.body.type).toBe(`${PROBLEM}invitation-expired`);

    const { body: withdrawn } = await invite(
      owner.accessToken,
      `gone-${randomUUID()}@example.test`,
    );
    const revoke = await request(engine, "DELETE", `/api/v1/members/invitations/${withdrawn.id}`, {
      token: owner.accessToken,
    });
    expect(revoke.status).toBe(204);
    expect((await accept(withdrawn.token, "a long enough password")).status).toBe(404);
    const twice = await request(engine, "DELETE", `/api/v1/members/invitations/${withdrawn.id}`, {
      token: owner.accessToken,
    });
    expect(twice.status).toBe(404);
  });

  it("counts members and pending invitations against the plan's user limit", async () => {
    const owner = await businessShop(engine, "Atelier Business"); // Business: 10 users
    for (let i = 0; i < 9; i++) {
      expect((await invite(owner.accessToken, `user-${i}@example.test`)).status).toBe(201);
    }
    // Inviting an address again replaces its invitation instead of taking another seat.
    const again = await invite(owner.accessToken, "user-0@example.test", "admin");
    expect(again.status).toBe(201);
    const full = await invite(owner.accessToken, "one-too-many@example.test");
    expect(full.status).toBe(402);
    expect(full.body).toMatchObject({ limit: "users", max: 10, current: 10 });
    const team = await request(engine, "GET", "/api/v1/members", { token: owner.accessToken });
    expect(team.body.invitations).toHaveLength(9);
    expect(
      team.body.invitations.find((i: { email: string }) => i.email === "user-0@example.test"),
    ).toMatchObject({ role: "admin" });

    // The old token of the replaced invitation is dead.
    const first = await engine.database.pool.query(
      "SELECT count(*)::int AS n FROM invitations WHERE tenant_id = $1 AND email = $2",
      [owner.tenantId, "user-0@example.test"],
    );
    expect(first.rows[0].n).toBe(1);
  });

  it("re-checks the limit on acceptance when the plan shrank meanwhile", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const { body: invitation } = await invite(owner.accessToken, `x-${randomUUID()}@example.test`);
    await setPlan(engine, owner.tenantId, "premium");
    const res = await accept(invitation.token, "a long enough password");
    expect(res.status).toBe(402);
    expect(res.body.limit).toBe("users");
    // Nothing half-done: the invitation is still pending and no account was created.
    await setPlan(engine, owner.tenantId, "business");
    expect((await accept(invitation.token, "a long enough password")).status).toBe(200);
  });

  it("refuses to invite someone who is already a member", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const res = await invite(owner.accessToken, owner.email.toUpperCase());
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`${PROBLEM}already-member`);
  });

  it("lets members read the team but not manage it", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const member = await join(engine, owner, "member");
    const token = member.accessToken;
    expect((await request(engine, "GET", "/api/v1/members", { token })).status).toBe(200);
    const attempts = [
      await invite(token, "someone@example.test"),
      await request(engine, "PATCH", `/api/v1/members/${member.userId}`, {
        token,
        body: { role: "admin" },
      }),
      await request(engine, "DELETE", `/api/v1/members/${owner.userId}`, { token }),
      await request(engine, "DELETE", `/api/v1/members/invitations/${randomUUID()}`, { token }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(403);
      expect(res.body.type).toBe(`${PROBLEM}forbidden`);
    }
  });

  it("applies a role change at once, without signing in again", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const member = await join(engine, owner, "member");
    const promoted = await request(engine, "PATCH", `/api/v1/members/${member.userId}`, {
      token: owner.accessToken,
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ userId: member.userId, role: "admin" });
    // The access token still says "member"; the membership row decides.
    expect((await invite(member.accessToken, `${randomUUID()}@example.test`)).status).toBe(201);
    await request(engine, "PATCH", `/api/v1/members/${member.userId}`, {
      token: owner.accessToken,
      body: { role: "member" },
    });
    expect((await invite(member.accessToken, `${randomUUID()}@example.test`)).status).toBe(403);
  });

  it("keeps owners out of admins' reach", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const admin = await join(engine, owner, "admin");
    const member = await join(engine, owner, "member");
    const demoteOwner = await request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
      token: admin.accessToken,
      body: { role: "member" },
    });
    expect(demoteOwner.status).toBe(403);
    const removeOwner = await request(engine, "DELETE", `/api/v1/members/${owner.userId}`, {
      token: admin.accessToken,
    });
    expect(removeOwner.status).toBe(403);
    const makeOwner = await request(engine, "PATCH", `/api/v1/members/${member.userId}`, {
      token: admin.accessToken,
      body: { role: "owner" },
    });
    expect(makeOwner.status).toBe(403);
    const makeAdmin = await request(engine, "PATCH", `/api/v1/members/${member.userId}`, {
      token: admin.accessToken,
      body: { role: "admin" },
    });
    expect(makeAdmin.status).toBe(200);
  });

  it("never lets the last owner be demoted or removed", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const token = owner.accessToken;
    const demote = await request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
      token,
      body: { role: "admin" },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.type).toBe(`${PROBLEM}last-owner`);
    const remove = await request(engine, "DELETE", `/api/v1/members/${owner.userId}`, { token });
    expect(remove.status).toBe(409);
    expect(remove.body.type).toBe(`${PROBLEM}last-owner`);

    // With a second owner, the first may step down.
    const partner = await join(engine, owner, "admin");
    await request(engine, "PATCH", `/api/v1/members/${partner.userId}`, {
      token,
      body: { role: "owner" },
    });
    const stepDown = await request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
      token,
      body: { role: "admin" },
    });
    expect(stepDown.status).toBe(200);
    const partnerLeaves = await request(engine, "DELETE", `/api/v1/members/${partner.userId}`, {
      token: partner.accessToken,
    });
    expect(partnerLeaves.status).toBe(409);
  });

  it("keeps one owner when two owners demote each other at the same moment", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const partner = await join(engine, owner, "admin");
    await request(engine, "PATCH", `/api/v1/members/${partner.userId}`, {
      token: owner.accessToken,
      body: { role: "owner" },
    });
    const results = await Promise.all([
      request(engine, "PATCH", `/api/v1/members/${partner.userId}`, {
        token: owner.accessToken,
        body: { role: "member" },
      }),
      request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
        token: partner.accessToken,
        body: { role: "member" },
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const { rows } = await engine.database.pool.query(
      "SELECT count(*)::int AS n FROM memberships WHERE tenant_id = $1 AND role = 'owner'",
      [owner.tenantId],
    );
    expect(rows[0].n).toBe(1);
  });

  it("removes a member: their access and refresh tokens stop working at once", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const member = await join(engine, owner, "member");
    const res = await request(engine, "DELETE", `/api/v1/members/${member.userId}`, {
      token: owner.accessToken,
    });
    expect(res.status).toBe(204);
    expect((await request(engine, "GET", "/api/v1/me", { token: member.accessToken })).status).toBe(
      401,
    );
    const products = await request(engine, "GET", "/api/v1/products", {
      token: member.accessToken,
    });
    expect(products.status).toBe(401);
    const refresh = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: member.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const team = await request(engine, "GET", "/api/v1/members", { token: owner.accessToken });
    expect(team.body.members).toHaveLength(1);
    const missing = await request(engine, "DELETE", `/api/v1/members/${member.userId}`, {
      token: owner.accessToken,
    });
    expect(missing.status).toBe(404);
  });

  it("never reaches a member of another shop", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const other = await businessShop(engine, "Other shop");
    const theirs = await join(engine, other, "member");
    const patch = await request(engine, "PATCH", `/api/v1/members/${theirs.userId}`, {
      token: owner.accessToken,
      body: { role: "admin" },
    });
    expect(patch.status).toBe(404);
    const remove = await request(engine, "DELETE", `/api/v1/members/${theirs.userId}`, {
      token: owner.accessToken,
    });
    expect(remove.status).toBe(404);
    const { body: invitation } = await invite(other.accessToken, `${randomUUID()}@example.test`);
    const withdraw = await request(
      engine,
      "DELETE",
      `/api/v1/members/invitations/${invitation.id}`,
      {
        token: owner.accessToken,
      },
    );
    expect(withdraw.status).toBe(404);
  });

  it("answers bad input with 400 problem+json", async () => {
    const owner = await businessShop(engine, "Atelier Business");
    const token = owner.accessToken;
    const cases = [
      await invite(token, "not an e-mail"),
      await invite(token, "owner@example.test", "owner"),
      await request(engine, "POST", "/api/v1/members/invitations", {
        token,
        body: { email: "a@example.test", role: "member", admin: true },
      }),
      await request(engine, "PATCH", "/api/v1/members/not-a-uuid", {
        token,
        body: { role: "admin" },
      }),
      await request(engine, "PATCH", `/api/v1/members/${owner.userId}`, {
        token,
        body: { role: "superuser" },
      }),
      await request(engine, "POST", "/api/v1/auth/accept-invitation", { body: {} }),
      await request(engine, "POST", "/api/v1/auth/accept-invitation", {
        body: { token: "sfi_abcdefghijk", password: 42 },
      }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const unknown = await request(engine, "PATCH", `/api/v1/members/${randomUUID()}`, {
      token,
      body: { role: "admin" },
    });
    expect(unknown.status).toBe(404);
  });
});
