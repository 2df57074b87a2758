import { describe, expect, it } from "vitest";
import { authFetch } from "../../app/lib/auth-fetch.ts";

/** An API that accepts one access token, recording the tokens it was sent. */
function api(valid: string) {
  const seen: (string | null)[] = [];
  const send = async (request: Request) => {
    const token = request.headers.get("Authorization");
    seen.push(token);
    const body = await request.text();
    return token === `Bearer ${valid}`
      ? new Response(JSON.stringify({ ok: true, body }), { status: 200 })
      : new Response("{}", { status: 401 });
  };
  return { seen, send };
}

describe("authFetch", () => {
  it("refreshes once on a 401 and sends the request again, body included", async () => {
    const server = api("fresh");
    let expired = 0;
    const refreshed: string[] = [];
    const f = authFetch({
      fetch: server.send,
      refresh: async (failed) => {
        refreshed.push(failed);
        return "fresh";
      },
      onExpired: () => expired++,
    });
    const res = await f(
      new Request("http://x/api/v1/products", {
        method: "POST",
        headers: { Authorization: "Bearer stale" },
        body: '{"title":"Jean"}',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: '{"title":"Jean"}' });
    expect(refreshed).toEqual(["stale"]);
    expect(server.seen).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(expired).toBe(0);
  });

  it("ends the session when the refresh fails", async () => {
    const server = api("never");
    let expired = 0;
    const f = authFetch({
      fetch: server.send,
      refresh: async () => undefined,
      onExpired: () => expired++,
    });
    const res = await f(
      new Request("http://x/api/v1/me", { headers: { Authorization: "Bearer old" } }),
    );
    expect(res.status).toBe(401);
    expect(expired).toBe(1);
    expect(server.seen).toEqual(["Bearer old"]);
  });

  it("leaves anonymous calls alone (a wrong password is not an expired session)", async () => {
    const server = api("x");
    let refreshes = 0;
    let expired = 0;
    const f = authFetch({
      fetch: server.send,
      refresh: async () => {
        refreshes++;
        return "x";
      },
      onExpired: () => expired++,
    });
    expect((await f(new Request("http://x/api/v1/auth/login", { method: "POST" }))).status).toBe(
      401,
    );
    expect(refreshes).toBe(0);
    expect(expired).toBe(0);
  });
});
