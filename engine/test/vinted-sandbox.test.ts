import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVintedSandbox, type VintedSandbox } from "../src/sandbox/vinted/server.ts";
import type { CapturedSession } from "../src/sandbox/vinted/state.ts";
import { body, itemBody, rawClient, runCliUntil } from "./support/vinted-sandbox.ts";

describe("Vinted sandbox protocol", () => {
  let sandbox: VintedSandbox;
  let session: CapturedSession;
  let base: string;
  let control: (method: string, path: string, body?: unknown) => Promise<Response>;

  beforeAll(async () => {
    sandbox = await startVintedSandbox();
    base = sandbox.baseUrlFor("www.vinted.fr");
    control = (method, path, body) =>
      fetch(`${sandbox.url}/__sandbox${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control("DELETE", "/faults");
    await control("DELETE", "/burst");
    const created = await body(control("POST", "/users", { login: "lea" }));
    session = created.session;
  });

  async function publishOne(client = rawClient(base, session)) {
    const photo = await body(client.photo("upload-1"));
    const res = await client.send("POST", "/api/v2/item_upload/items", itemBody([photo.id]));
    return (await body(res)).item as { id: number };
  }

  it("hands out a captured session that answers who am I", async () => {
    expect(Object.keys(session.cookies)).toEqual(
      expect.arrayContaining([
        "access_token_web",
        "refresh_token_web",
        "_vinted_fr_session",
        "anon_id",
      ]),
    );
    const res = await rawClient(base, session).get("/api/v2/users/current");
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({
      user: { id: Number(session.userId), login: "lea" },
      code: 0,
    });
  });

  it("refuses calls without the session cookies, writes without the CSRF token", async () => {
    expect((await fetch(`${base}/api/v2/users/current`)).status).toBe(401);
    const noCsrf = await fetch(`${base}/api/v2/item_upload/items`, {
      method: "POST",
      headers: {
        cookie: `access_token_web=${session.cookies.access_token_web}; _vinted_fr_session=${session.cookies._vinted_fr_session}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(noCsrf.status).toBe(401);
    expect(await body(noCsrf)).toMatchObject({ message_code: "invalid_csrf_token" });
  });

  it("serves every country site from one server, each session on its own site", async () => {
    const de = (await body(control("POST", "/users", { domain: "www.vinted.de" }))).session;
    expect(de.cookies).toHaveProperty("_vinted_de_session");
    expect(
      (await rawClient(sandbox.baseUrlFor("www.vinted.de"), de).get("/api/v2/users/current"))
        .status,
    ).toBe(200);
    expect((await rawClient(base, de).get("/api/v2/users/current")).status).toBe(401);
    const bad = await control("POST", "/users", { domain: "www.vinted.xx" });
    expect(bad.status).toBe(400);
  });

  it("answers 401 once the access token has expired", async () => {
    await control("POST", `/users/${session.userId}/expire-sessions`);
    const res = await rawClient(base, session).get("/api/v2/users/current");
    expect(res.status).toBe(401);
    expect(await body(res)).toMatchObject({ code: 100, message: "Access token expired" });
  });

  it("creates, reads, hides and deletes an item; a sold item is gone from the edit form", async () => {
    const client = rawClient(base, session);
    const item = await publishOne(client);
    expect((await client.get(`/api/v2/item_upload/items/${item.id}`)).status).toBe(200);
    expect(
      (await client.send("PUT", `/api/v2/items/${item.id}/is_hidden`, { is_hidden: true })).status,
    ).toBe(200);
    const other = await publishOne(client);
    await control("POST", `/items/${other.id}/sell`);
    expect((await client.get(`/api/v2/item_upload/items/${other.id}`)).status).toBe(404);
    const wardrobe = await body(
      client.get(`/api/v2/wardrobe/${session.userId}/items?page=1&per_page=96`),
    );
    expect(wardrobe.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: other.id, is_closed: true, item_closing_action: "sold" }),
        expect.objectContaining({ id: item.id, is_hidden: true, is_closed: false }),
      ]),
    );
    expect((await client.send("DELETE", `/api/v2/items/${item.id}`)).status).toBe(200);
    expect((await client.get(`/api/v2/item_upload/items/${item.id}`)).status).toBe(404);
    const state = await body(control("GET", "/state"));
    expect(state.users.find((u: { id: number }) => u.id === Number(session.userId))).toMatchObject({
      items: 1,
      sold: 1,
    });
  });

  it("refuses invalid items with Vinted's business error shape", async () => {
    const client = rawClient(base, session);
    const noPhoto = await client.send(
      "POST",
      "/api/v2/item_upload/items",
      itemBody([], { title: "x".repeat(101), price: "0.50" }),
    );
    expect(noPhoto.status).toBe(400);
    const refused = await body(noPhoto);
    expect(refused).toMatchObject({ code: 99, message_code: "validation_error" });
    expect(refused.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "assigned_photos",
      "price",
      "title",
    ]);
    const foreignPhoto = await client.send("POST", "/api/v2/item_upload/items", itemBody([123]));
    expect((await body(foreignPhoto)).errors).toEqual([
      { field: "assigned_photos", value: "Unknown photo 123" },
    ]);
    const bump = await client.send("POST", "/api/v2/item_upload/items", {
      ...itemBody([1]),
      push_up: true,
    });
    expect(bump.status).toBe(400);
  });

  it("caps wardrobe pages at 96 and reports the pagination", async () => {
    const client = rawClient(base, session);
    for (let i = 0; i < 100; i++) await publishOne(client);
    const page = await body(
      client.get(`/api/v2/wardrobe/${session.userId}/items?page=2&per_page=500`),
    );
    expect(page.items).toHaveLength(4);
    expect(page.pagination).toEqual({
      current_page: 2,
      total_pages: 2,
      total_entries: 100,
      per_page: 96,
    });
  });

  it("blocks with a DataDome 403 after a burst, and injects 429, 5xx and malformed answers", async () => {
    const client = rawClient(base, session);
    await control("PUT", "/burst", { limit: 3, windowSeconds: 60, blockSeconds: 60 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.get("/api/v2/users/current")).status);
    expect(statuses).toEqual([200, 200, 200, 403, 403]);
    expect((await body(client.get("/api/v2/users/current"))).url).toMatch(/captcha-delivery/);
    await control("DELETE", "/burst");
    await control("DELETE", "/faults");

    await control("POST", "/faults", { type: "rate_limited", retryAfterSeconds: 42 });
    const limited = await client.get("/api/v2/users/current");
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "42"]);
    await control("POST", "/faults", { type: "server_error", status: 503, path: "/api/v2/photos" });
    expect((await client.get("/api/v2/users/current")).status).toBe(200); // path did not match
    expect((await client.photo("u")).status).toBe(503);
    await control("POST", "/faults", { type: "malformed" });
    expect(await (await client.get("/api/v2/users/current")).text()).toBe('{"item": {"id": 12');
    expect((await client.get("/api/v2/users/current")).status).toBe(200);
  });
});

describe("stoflow sandbox", () => {
  it("starts the Vinted sandbox and prints a session to use", async () => {
    const { stdout, stop } = await runCliUntil(["sandbox", "--port", "0"], /Ctrl-C/);
    try {
      const url = /Vinted sandbox: (http:\/\/\S+)/.exec(stdout)?.[1];
      expect(url).toBeDefined();
      const line = stdout.split("\n").find((l) => l.trim().startsWith('{"domain"'));
      const session = JSON.parse(line ?? "{}") as CapturedSession;
      const res = await rawClient(`${url}/www.vinted.fr`, session).get("/api/v2/users/current");
      expect(await body(res)).toMatchObject({ user: { login: "lea" } });
    } finally {
      await stop();
    }
  });
});
