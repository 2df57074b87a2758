import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/http/openapi-document.ts";
import { pairDevice, vintedSession } from "./support/channels.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createKey, join } from "./support/team.ts";

const DEVICE_OPERATIONS = new Set(["uploadVintedSession", "getVintedSession", "unpairDevice"]);

describe("extension pairing and device tokens", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await signUp(engine, "Chez Léa");
  });
  afterAll(() => engine.close());

  const newCode = async () => {
    const res = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: lea.accessToken,
    });
    expect(res.status).toBe(201);
    return res.body.code as string;
  };
  const pair = (code: string, deviceName = "Firefox") =>
    request(engine, "POST", "/api/v1/channels/pair", { body: { code, deviceName } });

  it("shows an owner a typeable 10-minute code, stored only hashed", async () => {
    const res = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: lea.accessToken,
    });
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    const { rows } = await engine.database.pool.query(
      "SELECT t::text AS row FROM pairing_codes t WHERE tenant_id = $1",
      [lea.tenantId],
    );
    for (const { row } of rows) expect(row).not.toContain(res.body.code.replace("-", ""));
  });

  it("lets only signed-in owners and admins create codes", async () => {
    await setPlan(engine, lea.tenantId, "business");
    const member = await join(engine, lea, "member");
    const byMember = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: member.accessToken,
    });
    expect(byMember.status).toBe(403);
    const admin = await join(engine, lea, "admin");
    const byAdmin = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: admin.accessToken,
    });
    expect(byAdmin.status).toBe(201);
    const key = await createKey(engine, lea);
    const byKey = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
      token: key.key,
    });
    expect(byKey.status).toBe(403);
    const anonymous = await request(engine, "POST", "/api/v1/channels/pairing-codes");
    expect(anonymous.status).toBe(401);
  });

  it("trades a code, typed in any case with or without the dash, for a device token shown once", async () => {
    const code = await newCode();
    const res = await pair(code.replace("-", "").toLowerCase(), "Chrome on Léa's laptop");
    expect(res.status).toBe(201);
    expect(res.body.deviceToken).toMatch(/^sfd_[A-Za-z0-9_-]{40,}$/);
    const { rows } = await engine.database.pool.query(
      "SELECT tenant_id, name, token_hash FROM devices WHERE id = $1",
      [res.body.deviceId],
    );
    expect(rows[0]).toMatchObject({ tenant_id: lea.tenantId, name: "Chrome on Léa's laptop" });
    expect(rows[0].token_hash).not.toContain(res.body.deviceToken);
    const status = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: res.body.deviceToken,
    });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      connected: false,
      username: null,
      domain: null,
      lastSyncAt: null,
      status: null,
    });
  });

  it("refuses a used, an expired or a wrong code with problem+json", async () => {
    const code = await newCode();
    expect((await pair(code)).status).toBe(201);
    const used = await pair(code);
    expect(used.status).toBe(400);
    expect(used.headers.get("content-type")).toContain("application/problem+json");
    expect(used.body.type).toBe("https://stoflow.app/problems/pairing-code-used");

    const old = await newCode();
    await engine.database.pool.query(
      "UPDATE pairing_codes SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND used_at IS NULL",
      [lea.tenantId],
    );
    const expired = await pair(old);
    expect(expired.status).toBe(400);
    expect(expired.body.type).toBe("https://stoflow.app/problems/pairing-code-expired");

    const wrong = await pair("ZZZZ-ZZZZ");
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe("https://stoflow.app/problems/pairing-code-invalid");
    const missing = await request(engine, "POST", "/api/v1/channels/pair", { body: { code: "X" } });
    expect(missing.status).toBe(400);
  });

  it("gives a device token 401 or 403 on every operation but its own", async () => {
    const deviceToken = await pairDevice(engine, lea);
    const doc = openApiDocument() as unknown as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
    };
    let walked = 0;
    const deviceSecured = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const device = op.security?.some((s) => Object.hasOwn(s as object, "device"));
        if (device) deviceSecured.add(op.operationId);
        if (DEVICE_OPERATIONS.has(op.operationId) || device) continue;
        if ((op.security?.length ?? 0) === 0) continue; // public: signup, login, plans, pairing...
        const url = path.replace(/\{\w+\}/g, "00000000-0000-4000-8000-000000000000");
        const res = await request(engine, method.toUpperCase(), url, {
          token: deviceToken,
          ...(method === "get" ? {} : { body: {} }),
        });
        expect([401, 403], `${op.operationId}: ${res.status}`).toContain(res.status);
        walked++;
      }
    }
    expect(walked).toBeGreaterThan(20);
    // The OpenAPI document names the device scheme on exactly the device operations.
    for (const id of DEVICE_OPERATIONS) expect(deviceSecured).toContain(id);
    const products = await request(engine, "GET", "/api/v1/products", { token: deviceToken });
    expect(products.status).toBe(401);
  });

  it("refuses access tokens and API keys on device operations", async () => {
    for (const token of [lea.accessToken, "sfd_not-a-real-device-token-at-all", undefined]) {
      const res = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
        ...(token ? { token } : {}),
        body: vintedSession(),
      });
      expect(res.status).toBe(401);
    }
  });

  it("unpairs: the token stops working at once", async () => {
    const deviceToken = await pairDevice(engine, lea);
    const unpaired = await request(engine, "DELETE", "/api/v1/channels/devices/current", {
      token: deviceToken,
    });
    expect(unpaired.status).toBe(204);
    const after = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: deviceToken,
    });
    expect(after.status).toBe(401);
  });

  it("throttles guessing: 10 wrong codes from one address lock it out for a while", async () => {
    try {
      for (let i = 0; i < 10; i++) await pair(`WRNG-${String(i).padStart(4, "A")}`);
      const code = await newCode();
      const locked = await pair(code); // even the right code waits
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(locked.body.type).toBe("https://stoflow.app/problems/too-many-requests");
    } finally {
      await engine.database.pool.query("DELETE FROM login_throttle WHERE key LIKE 'pairing:%'");
    }
  });
});
