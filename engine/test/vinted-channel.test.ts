import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Channel,
  ChannelError,
  type ChannelSession,
  type ListingPayload,
  type RemoteItem,
} from "../src/channels/channel.ts";
import { createVintedChannel, VINTED_DOMAINS } from "../src/channels/vinted/index.ts";
import { startVintedSandbox, type VintedSandbox } from "../src/sandbox/vinted/server.ts";
import { jpeg } from "./support/vinted-sandbox.ts";

function payload(overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    title: "Veste en jean Levi's",
    description: "Très bon état, portée quelques fois.",
    price: "35.00",
    currency: "EUR",
    catalogId: 1907,
    brandId: 10,
    brandName: "Levi's",
    sizeId: 207,
    statusId: 2,
    colorIds: [9],
    packageSizeId: 2,
    photos: [
      { data: jpeg(1), contentType: "image/jpeg" },
      { data: jpeg(2), contentType: "image/jpeg" },
    ],
    ...overrides,
  };
}

async function all(items: AsyncIterable<RemoteItem>): Promise<RemoteItem[]> {
  const out: RemoteItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The ChannelError a call fails with (the test fails if it succeeds). */
async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error("expected the call to fail");
}

describe("Vinted channel against the sandbox", () => {
  let sandbox: VintedSandbox;
  let channel: Channel;
  let session: ChannelSession;

  async function control(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.status === 204 ? undefined : res.json();
  }
  const injectFault = (fault: Record<string, unknown>) => control("POST", "/faults", fault);
  const sandboxItems = async () =>
    ((await control("GET", `/users/${session.userId}/items`)) as { items: unknown[] }).items;

  beforeAll(async () => {
    sandbox = await startVintedSandbox();
    channel = createVintedChannel({ baseUrlFor: sandbox.baseUrlFor, timeoutMs: 2000 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control("DELETE", "/faults");
    await control("DELETE", "/burst");
    const created = (await control("POST", "/users", { login: "lea" })) as {
      session: ChannelSession;
    };
    session = created.session;
  });

  it("knows who the session belongs to", async () => {
    expect(await channel.whoAmI(session)).toEqual({ userId: session.userId, username: "lea" });
  });

  it("sends the browser session's cookies, CSRF token, anon id, user agent and language", async () => {
    await control("DELETE", "/requests");
    await channel.publish(session, payload());
    const { requests } = (await control("GET", "/requests")) as {
      requests: { method: string; path: string; status: number; headers: object }[];
    };
    expect(requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "POST /api/v2/photos 200",
      "POST /api/v2/photos 200",
      "POST /api/v2/item_upload/items 200",
    ]);
    for (const request of requests) {
      expect(request.headers).toEqual({
        userAgent: session.userAgent,
        acceptLanguage: session.acceptLanguage,
        xAnonId: session.cookies.anon_id,
        xCsrfToken: true,
      });
    }
  });

  it("publishes with photos, then reads the item back among the seller's items", async () => {
    const item = await channel.publish(session, payload());
    expect(item).toMatchObject({ title: "Veste en jean Levi's", price: "35.00", state: "active" });
    expect(item.url).toContain(`/items/${item.id}`);
    const stored = (await sandboxItems()) as { photoIds: number[]; packageSizeId: number }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.photoIds).toHaveLength(2);
    expect(stored[0]?.packageSizeId).toBe(2);
    const photos = [...sandbox.state.photos.values()].filter(
      (p) => p.userId === Number(session.userId),
    );
    expect(new Set(photos.map((p) => p.tempUuid)).size).toBe(1); // one upload session per item
    expect(await all(channel.listItems(session))).toEqual([item]);
  });

  it("updates price, text and photos in place", async () => {
    const item = await channel.publish(session, payload());
    const updated = await channel.update(
      session,
      item.id,
      payload({
        title: "Veste en jean Levi's bleue",
        price: "29.5",
        photos: [{ data: jpeg(3), contentType: "image/jpeg" }],
      }),
    );
    expect(updated).toMatchObject({
      id: item.id,
      title: "Veste en jean Levi's bleue",
      price: "29.50",
    });
    const stored = (await sandboxItems()) as { description: string; photoIds: number[] }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.photoIds).toHaveLength(1);
  });

  it("delists, and delisting an item already gone succeeds", async () => {
    const item = await channel.publish(session, payload());
    await channel.delist(session, item.id);
    expect(await sandboxItems()).toHaveLength(0);
    await channel.delist(session, item.id);
  });

  it("reports sold, hidden and reserved items with their state", async () => {
    const sold = await channel.publish(session, payload({ title: "Sac à main cuir" }));
    const reserved = await channel.publish(session, payload({ title: "Bottines" }));
    const active = await channel.publish(session, payload({ title: "Pull en laine" }));
    await control("POST", `/items/${sold.id}/sell`);
    await control("POST", `/items/${reserved.id}/reserve`);
    const states = Object.fromEntries(
      (await all(channel.listItems(session))).map((i) => [i.id, i.state]),
    );
    expect(states).toEqual({ [sold.id]: "sold", [reserved.id]: "reserved", [active.id]: "active" });
    // A sold item cannot be edited any more.
    expect((await failure(channel.update(session, sold.id, payload()))).reason).toBe("not_found");
  });

  it("lists every item across wardrobe pages (more than 96)", async () => {
    const userId = Number(session.userId);
    const photo = sandbox.state.addPhoto({
      userId,
      tempUuid: "seed",
      bytes: 10,
      contentType: "image/jpeg",
    });
    for (let i = 0; i < 200; i++) {
      const id = sandbox.state.newItemId();
      const now = new Date().toISOString();
      sandbox.state.items.set(id, {
        id,
        userId,
        title: `Article ${i}`,
        description: "d",
        brandId: null,
        brand: null,
        sizeId: null,
        catalogId: 1,
        statusId: 2,
        colorIds: [],
        price: "10.00",
        currency: "EUR",
        packageSizeId: 1,
        photoIds: [photo.id],
        isHidden: false,
        isClosed: false,
        isReserved: false,
        closingAction: null,
        viewCount: 0,
        favouriteCount: 0,
        createdAt: now,
        updatedAt: now,
      });
    }
    const items = await all(channel.listItems(session));
    expect(items).toHaveLength(200);
    expect(new Set(items.map((i) => i.id)).size).toBe(200);
  });

  it("finds the item an earlier attempt created (same title and price), not sold ones", async () => {
    expect(await channel.findExisting(session, payload())).toBeUndefined();
    const item = await channel.publish(session, payload());
    await channel.publish(session, payload({ title: "Autre chose" }));
    expect(await channel.findExisting(session, payload({ price: "35" }))).toEqual(item);
    expect(await channel.findExisting(session, payload({ price: "36.00" }))).toBeUndefined();
    await control("POST", `/items/${item.id}/sell`);
    expect(await channel.findExisting(session, payload())).toBeUndefined();
  });

  it("never asks for a paid bump", async () => {
    // The sandbox refuses push_up: true; a publish going through proves it was false.
    await expect(channel.publish(session, payload())).resolves.toBeDefined();
  });

  describe("errors", () => {
    it("expired session: account / session_expired", async () => {
      await control("POST", `/users/${session.userId}/expire-sessions`);
      const error = await failure(channel.publish(session, payload()));
      expect(error).toMatchObject({ kind: "account", reason: "session_expired", status: 401 });
      expect(error.message).toMatch(/reconnect/i);
    });

    it("DataDome burst: account / blocked from the first 403", async () => {
      await control("PUT", "/burst", { limit: 3, windowSeconds: 60, blockSeconds: 60 });
      for (let i = 0; i < 3; i++) await channel.whoAmI(session);
      const error = await failure(channel.whoAmI(session));
      expect(error).toMatchObject({ kind: "account", reason: "blocked", status: 403 });
      expect(JSON.stringify(error.remote)).toContain("captcha-delivery");
    });

    it("429: retryable / rate_limited with Retry-After", async () => {
      await injectFault({ type: "rate_limited", retryAfterSeconds: 120 });
      const error = await failure(channel.whoAmI(session));
      expect(error).toMatchObject({
        kind: "retryable",
        reason: "rate_limited",
        retryAfterSeconds: 120,
      });
    });

    it("5xx: retryable / server, and nothing was created", async () => {
      await injectFault({ type: "server_error", status: 502, path: "/api/v2/item_upload/items" });
      const error = await failure(channel.publish(session, payload()));
      expect(error).toMatchObject({ kind: "retryable", reason: "server", status: 502 });
      expect(await sandboxItems()).toHaveLength(0);
    });

    it("timeout: retryable / timeout within the configured time", async () => {
      await injectFault({ type: "timeout", delayMs: 10_000 });
      const fast = createVintedChannel({ baseUrlFor: sandbox.baseUrlFor, timeoutMs: 300 });
      const started = Date.now();
      const error = await failure(fast.whoAmI(session));
      expect(error).toMatchObject({ kind: "retryable", reason: "timeout" });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it("a slow answer within the time limit still succeeds", async () => {
      await injectFault({ type: "slow", delayMs: 300 });
      const started = Date.now();
      expect((await channel.whoAmI(session)).username).toBe("lea");
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it("network failure: retryable / network", async () => {
      const nowhere = createVintedChannel({
        baseUrlFor: () => "http://127.0.0.1:1",
        timeoutMs: 2000,
      });
      expect(await failure(nowhere.whoAmI(session))).toMatchObject({
        kind: "retryable",
        reason: "network",
      });
    });

    it("malformed answers: unreadable is retryable, a wrong shape is permanent", async () => {
      await injectFault({ type: "malformed" });
      expect(await failure(channel.whoAmI(session))).toMatchObject({
        kind: "retryable",
        reason: "malformed",
      });
      await injectFault({ type: "malformed", body: '{"user": {"name": "lea"}}' });
      expect(await failure(channel.whoAmI(session))).toMatchObject({
        kind: "permanent",
        reason: "malformed",
      });
    });

    it("business validation: permanent / validation with Vinted's message kept", async () => {
      const error = await failure(
        channel.publish(session, payload({ title: "x".repeat(120), photos: [] })),
      );
      expect(error).toMatchObject({ kind: "permanent", reason: "validation", status: 400 });
      expect(error.message).toContain("The title may be at most 100 characters");
      expect(error.remote).toMatchObject({
        body: {
          code: 99,
          message_code: "validation_error",
          errors: expect.arrayContaining([
            { field: "assigned_photos", value: "Add at least one photo" },
          ]),
        },
      });
    });

    it("refuses sites that are not Vinted and ids that are not Vinted ids", async () => {
      const error = await failure(channel.whoAmI({ ...session, domain: "www.example.com" }));
      expect(error).toMatchObject({ kind: "permanent", reason: "validation" });
      expect((await failure(channel.delist(session, "../users/1"))).kind).toBe("permanent");
    });
  });

  it("works on every country site of the protocol notes", async () => {
    expect(VINTED_DOMAINS).toHaveLength(23);
    for (const domain of VINTED_DOMAINS) {
      const created = (await control("POST", "/users", { domain })) as { session: ChannelSession };
      expect((await channel.whoAmI(created.session)).userId).toBe(created.session.userId);
    }
  });
});
