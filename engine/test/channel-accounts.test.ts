import { withTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadChannelSession } from "../src/channel-accounts/session.ts";
import { ChannelError } from "../src/channels/channel.ts";
import { markReconnectNeeded } from "../src/pipeline/account-state.ts";
import { connectVinted, pairDevice, secretsOf, vintedSession } from "./support/channels.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { join } from "./support/team.ts";

/** Every text-like and binary column of every table, as a pg_dump would hold them. */
async function dumpContains(engine: TestEngine, needle: string): Promise<string[]> {
  const pool = engine.database.pool;
  const { rows: columns } = await pool.query<{ s: string; t: string; c: string; type: string }>(
    `SELECT table_schema AS s, table_name AS t, column_name AS c, data_type AS type
     FROM information_schema.columns
     WHERE (table_schema = 'public' OR table_schema LIKE 'tenant\\_%')
       AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED')
       AND table_name IN (SELECT table_name FROM information_schema.tables t
                          WHERE t.table_schema = columns.table_schema AND t.table_type = 'BASE TABLE')`,
  );
  expect(columns.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const { s, t, c, type } of columns) {
    const column = `"${s}"."${t}"."${c}"`;
    const where =
      type === "bytea"
        ? `position(convert_to($1, 'UTF8') IN "${c}") > 0`
        : `"${c}"::text LIKE '%' || $1 || '%'`;
    const { rows } = await pool.query(`SELECT 1 FROM "${s}"."${t}" WHERE ${where} LIMIT 1`, [
      needle,
    ]);
    if (rows.length > 0) found.push(column);
  }
  return found;
}

describe("channel accounts and Vinted sessions", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  let bob: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await signUp(engine, "Chez Léa");
    bob = await signUp(engine, "Bob's");
  });
  afterAll(() => engine.close());

  const list = async (who: SignedUp) => {
    const res = await request(engine, "GET", "/api/v1/channel-accounts", {
      token: who.accessToken,
    });
    expect(res.status).toBe(200);
    return res.body.channelAccounts as Array<Record<string, unknown>>;
  };

  it("stores an uploaded session encrypted and answers the account without credentials", async () => {
    const { account, session } = await connectVinted(engine, lea);
    expect(account).toMatchObject({
      platform: "vinted",
      domain: "www.vinted.fr",
      externalUserId: "123456789",
      username: "lea_vintage",
      status: "connected",
      statusReason: null,
      hasSession: true,
      pacingMaxActions: 40,
      pacingWindowSeconds: 7200,
    });
    expect(Date.now() - Date.parse(account.lastSeenAt)).toBeLessThan(60_000);
    const text = JSON.stringify(account);
    for (const secret of secretsOf(session)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/cookie|csrf|credential|ciphertext/i);

    // What a dump of the database holds: no cookie value, no CSRF token, in any column.
    for (const secret of secretsOf(session)) {
      expect(await dumpContains(engine, secret), secret).toEqual([]);
    }
    expect(await dumpContains(engine, "lea_vintage")).not.toEqual([]); // the scan does find things

    // The pipeline gets the session back exactly.
    expect(await loadChannelSession(engine.ctx, lea.tenantId, account.id)).toEqual(session);
  });

  it("validates the session: a known Vinted domain, the access token cookie, a numeric user id", async () => {
    const deviceToken = await pairDevice(engine, lea);
    const put = (body: unknown) =>
      request(engine, "PUT", "/api/v1/channels/vinted/session", { token: deviceToken, body });
    const good = vintedSession();
    const { access_token_web: _dropped, ...withoutAccess } = good.cookies;
    for (const bad of [
      { ...good, domain: "www.vinted.evil.com" },
      { ...good, cookies: withoutAccess },
      { ...good, userId: "12; DROP TABLE" },
      { ...good, csrfToken: "" },
      { ...good, extra: true },
    ]) {
      const res = await put(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.type).toBe("https://stoflow.app/problems/validation");
      expect(JSON.stringify(res.body)).not.toContain(good.cookies.access_token_web);
    }
    const uk = await put({ ...good, domain: "www.vinted.co.uk", userId: "42" });
    expect(uk.status).toBe(200);
    expect(uk.body.domain).toBe("www.vinted.co.uk");
  });

  it("updates the same account on a new upload, lifts reconnect-needed but not a running pause", async () => {
    const deviceToken = await pairDevice(engine, lea);
    const first = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
      token: deviceToken,
      body: vintedSession({ userId: "777" }),
    });
    const id = first.body.id;
    await withTenant(engine.ctx.database.db, lea.tenantId, (tx) =>
      markReconnectNeeded(tx, id, "The session expired."),
    );
    const badge = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: deviceToken,
    });
    expect(badge.body).toMatchObject({ connected: false, status: "reconnect_needed" });

    const fresh = vintedSession({ userId: "777", username: "lea_renamed" });
    const second = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
      token: deviceToken,
      body: fresh,
    });
    expect(second.body).toMatchObject({ id, status: "connected", username: "lea_renamed" });
    expect((await loadChannelSession(engine.ctx, lea.tenantId, id)).cookies).toEqual(fresh.cookies);
    const again = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: deviceToken,
    });
    expect(again.body).toMatchObject({
      connected: true,
      username: "lea_renamed",
      domain: "www.vinted.fr",
      status: "connected",
    });

    await engine.database.pool.query(
      `UPDATE tenant_${lea.tenantId}.channel_accounts
       SET status = 'paused', status_reason = 'Blocked by Vinted', paused_until = now() + interval '1 hour'
       WHERE id = $1`,
      [id],
    );
    const paused = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
      token: deviceToken,
      body: vintedSession({ userId: "777" }),
    });
    expect(paused.body).toMatchObject({ status: "paused", statusReason: "Blocked by Vinted" });
  });

  it("lets a device write its own shop's accounts only", async () => {
    const bobDevice = await pairDevice(engine, bob);
    const before = await list(lea);
    const res = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
      token: bobDevice,
      body: vintedSession({ userId: "123456789", username: "bob_on_vinted" }),
    });
    expect(res.status).toBe(200);
    expect(await list(lea)).toEqual(before);
    const bobs = await list(bob);
    expect(bobs.map((a) => a.username)).toEqual(["bob_on_vinted"]);
    const badge = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: bobDevice,
    });
    expect(badge.body.username).toBe("bob_on_vinted");
  });

  it("lists accounts for every member, never with credentials", async () => {
    await setPlan(engine, lea.tenantId, "business");
    const member = await join(engine, lea, "member");
    const { session } = await connectVinted(engine, lea, vintedSession({ userId: "31337" }));
    const res = await request(engine, "GET", "/api/v1/channel-accounts", {
      token: member.accessToken,
    });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const secret of secretsOf(session)) expect(text).not.toContain(secret);
    expect(Object.keys(res.body.channelAccounts[0]).sort()).toEqual(
      [
        "createdAt",
        "domain",
        "externalUserId",
        "hasSession",
        "id",
        "lastSeenAt",
        "pacingMaxActions",
        "pacingWindowSeconds",
        "pausedUntil",
        "platform",
        "relayMode",
        "relayReason",
        "relaySince",
        "status",
        "statusReason",
        "username",
      ].sort(),
    );
    const archive = await request(engine, "GET", "/api/v1/account/export", {
      token: lea.accessToken,
    });
    const exported = typeof archive.body === "string" ? archive.body : JSON.stringify(archive.body);
    for (const secret of secretsOf(session)) expect(exported).not.toContain(secret);
  });

  it("sets pacing (owners and admins), within bounds, on the shop's own accounts", async () => {
    const [account] = await list(lea);
    const path = `/api/v1/channel-accounts/${account?.id}`;
    const ok = await request(engine, "PATCH", path, {
      token: lea.accessToken,
      body: { pacingMaxActions: 20, pacingWindowSeconds: 3600 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ pacingMaxActions: 20, pacingWindowSeconds: 3600 });
    for (const body of [{ pacingMaxActions: 0 }, { pacingMaxActions: 201 }, { pacing: 1 }]) {
      const bad = await request(engine, "PATCH", path, { token: lea.accessToken, body });
      expect(bad.status).toBe(400);
    }
    const member = await join(engine, lea, "member");
    const byMember = await request(engine, "PATCH", path, {
      token: member.accessToken,
      body: { pacingMaxActions: 5 },
    });
    expect(byMember.status).toBe(403);
    const byBob = await request(engine, "PATCH", path, {
      token: bob.accessToken,
      body: { pacingMaxActions: 5 },
    });
    expect(byBob.status).toBe(404);
  });

  it("disconnects: credentials wiped, the pipeline told to ask for a reconnect", async () => {
    const { account, deviceToken } = await connectVinted(
      engine,
      lea,
      vintedSession({ userId: "555" }),
    );
    const path = `/api/v1/channel-accounts/${account.id}`;
    expect((await request(engine, "DELETE", path, { token: bob.accessToken })).status).toBe(404);
    expect((await request(engine, "DELETE", path, { token: lea.accessToken })).status).toBe(204);
    const { rows } = await engine.database.pool.query(
      `SELECT status, credentials_ciphertext FROM tenant_${lea.tenantId}.channel_accounts WHERE id = $1`,
      [account.id],
    );
    expect(rows[0]).toEqual({ status: "disconnected", credentials_ciphertext: null });
    const failure = loadChannelSession(engine.ctx, lea.tenantId, account.id);
    await expect(failure).rejects.toBeInstanceOf(ChannelError);
    await expect(failure).rejects.toMatchObject({ kind: "account", reason: "session_expired" });
    const badge = await request(engine, "GET", "/api/v1/channels/vinted/session", {
      token: deviceToken,
    });
    expect(badge.status).toBe(200);
  });
});
