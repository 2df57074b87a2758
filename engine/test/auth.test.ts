import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";

describe("accounts and sessions", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await signUp(engine, "Chez Léa");
  });
  afterAll(() => engine.close());

  it("signs up a shop: tenant schema provisioned, owner signed in, password hashed with argon2id", async () => {
    const me = await request(engine, "GET", "/api/v1/me", { token: lea.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: "owner",
      tenant: { id: lea.tenantId, name: "Chez Léa" },
    });
    const schema = await engine.database.pool.query(
      "SELECT 1 FROM pg_namespace WHERE nspname = $1",
      [`tenant_${lea.tenantId}`],
    );
    expect(schema.rowCount).toBe(1);
    const { rows } = await engine.database.pool.query(
      "SELECT password_hash FROM users WHERE id = $1",
      [lea.userId],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a second account with the same e-mail, whatever its case", async () => {
    const res = await request(engine, "POST", "/api/v1/auth/signup", {
      body: { email: lea.email.toUpperCase(), password: "another long password", shopName: "X" },
    });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe("https://stoflow.app/problems/email-taken");
  });

  it("logs in with the right password and not with a wrong one", async () => {
    const ok = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: lea.email, password: lea.password },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.tenant.id).toBe(lea.tenantId);
    const bad = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: lea.email, password: "not the password" },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
  });

  it("rotates refresh tokens and revokes the whole family when one is reused", async () => {
    const first = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: lea.refreshToken },
    });
    expect(first.status).toBe(200);
    const second = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    // The first token is replayed: a thief has it. Everything issued from it dies.
    const replay = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: lea.refreshToken },
    });
    expect(replay.status).toBe(401);
    const latest = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(latest.status).toBe(401);
  });

  it("logout ends the session", async () => {
    const session = await signUp(engine);
    const out = await request(engine, "POST", "/api/v1/auth/logout", {
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    const refresh = await request(engine, "POST", "/api/v1/auth/refresh", {
      body: { refreshToken: session.refreshToken },
    });
    expect(refresh.status).toBe(401);
  });

  it("throttles repeated failed logins for an e-mail, with Retry-After", async () => {
    const victim = await signUp(engine);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(engine, "POST", "/api/v1/auth/login", {
        body: { email: victim.email, password: `wrong password ${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const locked = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: victim.email, password: victim.password },
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rejects expired, forged and missing access tokens", async () => {
    const expired = await new SignJWT({ tid: lea.tenantId, role: "owner" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(lea.userId)
      .setIssuer("stoflow")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(engine.ctx.keys.jwt);
    const res = await request(engine, "GET", "/api/v1/me", { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.detail).toContain("expired");

    const forged = await new SignJWT({ tid: lea.tenantId, role: "owner" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(lea.userId)
      .setIssuer("stoflow")
      .setExpirationTime("5m")
      .sign(new Uint8Array(32));
    expect((await request(engine, "GET", "/api/v1/me", { token: forged })).status).toBe(401);
    expect((await request(engine, "GET", "/api/v1/me")).status).toBe(401);
  });

  it("accepts only HS256 tokens signed with the engine's key, issued by it, in their lifetime", async () => {
    const key = engine.ctx.keys.jwt;
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: lea.userId, tid: lea.tenantId, role: "owner", iss: "stoflow" };
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    // Built by hand, so that headers and claims jose would refuse to sign can be tried too.
    const token = (header: unknown, payload: unknown, signingKey: Uint8Array = key) => {
      const body = `${b64(header)}.${b64(payload)}`;
      return `${body}.${createHmac("sha256", signingKey).update(body).digest("base64url")}`;
    };
    const me = async (t: string) =>
      (await request(engine, "GET", "/api/v1/me", { token: t })).status;
    const hs256 = { alg: "HS256", typ: "JWT" };
    expect(await me(token(hs256, { ...claims, exp: now + 60 }))).toBe(200);
    expect(await me(token({ alg: "none" }, { ...claims, exp: now + 60 }))).toBe(401);
    expect(await me(token({ alg: "HS512" }, { ...claims, exp: now + 60 }))).toBe(401);
    expect(
      await me(token({ ...hs256, crit: ["b64"], b64: false }, { ...claims, exp: now + 60 })),
    ).toBe(401);
    expect(await me(token(hs256, { ...claims, iss: "someone", exp: now + 60 }))).toBe(401);
    expect(await me(token(hs256, { ...claims }))).toBe(401); // no expiry
    expect(await me(token(hs256, { ...claims, exp: now }))).toBe(401);
    expect(await me(token(hs256, { ...claims, exp: now + 60, nbf: now + 30 }))).toBe(401);
    expect(await me(token(hs256, { ...claims, role: "root", exp: now + 60 }))).toBe(401);
    expect(await me(token(hs256, [claims]))).toBe(401);
    // A valid signature moved onto other claims, and a signature with its last character changed.
    const good = token(hs256, { ...claims, exp: now + 60 });
    const [, , signature] = good.split(".");
    const other = token(hs256, { ...claims, tid: lea.tenantId + 1, exp: now + 60 }).split(".");
    expect(await me(`${other[0]}.${other[1]}.${signature}`)).toBe(401);
    const last = good.at(-1) === "A" ? "B" : "A";
    expect(await me(`${good.slice(0, -1)}${last}`)).toBe(401);
    expect(await me(`${good}.`)).toBe(401);
  });

  it("checks tokens and membership the same way on the product list", async () => {
    // The list reads the membership in its tenant transaction's first statement, not up front.
    const sign = (claims: { sub: string; tid: number }, key = engine.ctx.keys.jwt) =>
      new SignJWT({ tid: claims.tid, role: "owner" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(claims.sub)
        .setIssuer("stoflow")
        .setExpirationTime("5m")
        .sign(key);
    const list = (token?: string) =>
      request(engine, "GET", "/api/v1/products", token ? { token } : {});
    expect((await list(lea.accessToken)).status).toBe(200);
    const other = await signUp(engine, "Another shop");
    // A valid signature, but a shop this user is no member of, or no shop at all.
    for (const tid of [other.tenantId, other.tenantId + 1000]) {
      const res = await list(await sign({ sub: lea.userId, tid }));
      expect(res.status, String(tid)).toBe(401);
      expect(res.body.detail).toContain("no longer has access");
    }
    expect((await list(await sign({ sub: "not-a-uuid", tid: lea.tenantId }))).status).toBe(401);
    const forged = await sign({ sub: lea.userId, tid: lea.tenantId }, new Uint8Array(32));
    expect((await list(forged)).status).toBe(401);
    expect((await list()).status).toBe(401);
    // A refusal never precedes the 401: bad queries of unknown callers stay 401.
    const refused = await request(engine, "GET", "/api/v1/products?perPage=0", { token: forged });
    expect(refused.status).toBe(401);
  });

  it("answers bad input with problem+json, never a 500", async () => {
    const malformed = await request(engine, "POST", "/api/v1/auth/signup", {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const unknownField = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: lea.email, password: "x", admin: true },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].path).toBe("body");
    const nul = await request(engine, "POST", "/api/v1/auth/signup", {
      body: { email: "nul@example.test", password: "long enough password", shopName: "a\u0000b" },
    });
    expect(nul.status).toBe(400);
    const huge = await request(engine, "POST", "/api/v1/auth/login", {
      body: { email: lea.email, password: "x".repeat(2_000_000) },
    });
    expect(huge.status).toBe(413);
  });

  it("sends a request id on every response, reusing a sane incoming one", async () => {
    const res = await request(engine, "GET", "/api/health", {
      headers: { "x-request-id": "abc-123" },
    });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const generated = await request(engine, "GET", "/api/health", {
      headers: { "x-request-id": "bad id with spaces" },
    });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
