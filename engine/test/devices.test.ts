import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairDevice, vintedSession } from "./support/channels.ts";
import {
  businessShop,
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { join } from "./support/team.ts";

describe("the shop's paired browsers: list and revoke", () => {
  let engine: TestEngine;
  let lea: SignedUp;
  beforeAll(async () => {
    engine = await startTestEngine();
    lea = await businessShop(engine, "Chez Léa");
  });
  afterAll(() => engine.close());

  const list = (token: string) => request(engine, "GET", "/api/v1/devices", { token });
  const revoke = (token: string, id: string) =>
    request(engine, "DELETE", `/api/v1/devices/${id}`, { token });
  const deviceIdOf = async (name: string) => {
    const res = await list(lea.accessToken);
    return res.body.devices.find((d: { name: string }) => d.name === name).id as string;
  };

  it("lists a paired browser, live with its last call once it uploaded a session, never its token", async () => {
    const token = await pairDevice(engine, lea, "Chrome on the shop laptop");
    const before = await list(lea.accessToken);
    expect(before.status).toBe(200);
    const fresh = before.body.devices.find(
      (d: { name: string }) => d.name === "Chrome on the shop laptop",
    );
    expect(fresh).toMatchObject({ lastSeenAt: null, revokedAt: null, live: false });

    const upload = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
      token,
      body: vintedSession(),
    });
    expect(upload.status).toBe(200);
    const member = await join(engine, lea, "member");
    const after = await list(member.accessToken); // any member may look
    expect(after.status).toBe(200);
    const seen = after.body.devices.find((d: { id: string }) => d.id === fresh.id);
    expect(seen.live).toBe(true);
    expect(Date.now() - Date.parse(seen.lastSeenAt)).toBeLessThan(10 * 60_000);
    expect(Date.parse(seen.createdAt)).toBeLessThanOrEqual(Date.parse(seen.lastSeenAt));
    const { rows } = await engine.database.pool.query(
      "SELECT token_hash FROM devices WHERE id = $1",
      [fresh.id],
    );
    const text = JSON.stringify(after.body);
    expect(text).not.toContain(rows[0].token_hash);
    expect(text).not.toContain(token);
    expect(Object.keys(seen).sort()).toEqual(
      ["createdAt", "id", "lastSeenAt", "live", "name", "revokedAt"].sort(),
    );
  });

  it("counts a browser not seen for more than a day as not live, like relay mode does", async () => {
    await pairDevice(engine, lea, "Firefox at home");
    const id = await deviceIdOf("Firefox at home");
    await engine.database.pool.query(
      "UPDATE devices SET last_seen_at = now() - interval '25 hours' WHERE id = $1",
      [id],
    );
    const res = await list(lea.accessToken);
    const device = res.body.devices.find((d: { id: string }) => d.id === id);
    expect(device.live).toBe(false);
    expect(device.lastSeenAt).not.toBeNull();
    await engine.database.pool.query(
      "UPDATE devices SET last_seen_at = now() - interval '23 hours' WHERE id = $1",
      [id],
    );
    const again = await list(lea.accessToken);
    expect(again.body.devices.find((d: { id: string }) => d.id === id).live).toBe(true);
  });

  it("revokes a lost laptop: its token answers 401 at once, the list says revoked, again is 204", async () => {
    const token = await pairDevice(engine, lea, "Lost laptop");
    const id = await deviceIdOf("Lost laptop");
    const works = await request(engine, "GET", "/api/v1/channels/vinted/session", { token });
    expect(works.status).toBe(200);

    const res = await revoke(lea.accessToken, id);
    expect(res.status).toBe(204);
    for (const path of ["/api/v1/channels/vinted/session", "/api/v1/relay/status"]) {
      const refused = await request(engine, "GET", path, { token });
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
    }
    const listed = await list(lea.accessToken);
    const device = listed.body.devices.find((d: { id: string }) => d.id === id);
    expect(device.revokedAt).not.toBeNull();
    expect(device.live).toBe(false);

    const twice = await revoke(lea.accessToken, id);
    expect(twice.status).toBe(204);
    const still = await list(lea.accessToken);
    expect(still.body.devices.find((d: { id: string }) => d.id === id).revokedAt).toBe(
      device.revokedAt,
    );
  });

  it("lets owners and admins revoke, not members", async () => {
    await pairDevice(engine, lea, "Shared tablet");
    const id = await deviceIdOf("Shared tablet");
    const member = await join(engine, lea, "member");
    const byMember = await revoke(member.accessToken, id);
    expect(byMember.status).toBe(403);
    expect(byMember.headers.get("content-type")).toContain("application/problem+json");
    const listed = await list(lea.accessToken);
    expect(listed.body.devices.find((d: { id: string }) => d.id === id).revokedAt).toBeNull();
    const admin = await join(engine, lea, "admin");
    expect((await revoke(admin.accessToken, id)).status).toBe(204);
  });

  it("keeps shops apart: another shop sees none of them and gets 404 revoking one", async () => {
    await pairDevice(engine, lea, "Léa's phone");
    const id = await deviceIdOf("Léa's phone");
    const other = await signUp(engine, "Autre boutique");
    const theirs = await list(other.accessToken);
    expect(theirs.status).toBe(200);
    expect(theirs.body.devices).toEqual([]);
    const res = await revoke(other.accessToken, id);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const listed = await list(lea.accessToken);
    expect(listed.body.devices.find((d: { id: string }) => d.id === id).revokedAt).toBeNull();
  });

  it("answers a bad id with 400 problem+json and an unknown one with 404", async () => {
    const bad = await revoke(lea.accessToken, "not-a-uuid");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const unknown = await revoke(lea.accessToken, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    const anonymous = await request(engine, "GET", "/api/v1/devices");
    expect(anonymous.status).toBe(401);
  });
});
