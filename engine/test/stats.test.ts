import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  request,
  type SignedUp,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { seeder } from "./support/seed-listings.ts";

const DAY = 86_400;
const dateIn = (timeZone: string, secondsAgo = 0) =>
  new Intl.DateTimeFormat("en-CA", { timeZone }).format(Date.now() - secondsAgo * 1000);

describe("dashboard stats", () => {
  let engine: TestEngine;
  let shop: SignedUp;
  let fr: string; // vinted.fr: 40 actions per 2 hours, 4 used
  let full: string; // a small window, full
  let paused: string;

  beforeAll(async () => {
    engine = await startTestEngine();
    shop = await signUp(engine, "Stats shop");
    const seed = seeder(engine, shop.tenantId);
    fr = await seed.account("vinted", { username: "lea-fr" });
    full = await seed.account("vinted", { username: "lea-it", max: 3, windowSeconds: 3600 });
    paused = await seed.account("ebay", {
      username: "lea-ebay",
      pausedUntil: new Date(Date.now() + 30 * 60_000),
    });

    const listing = async (account: string, state: Parameters<typeof seed.listing>[2]) =>
      seed.listing(await seed.product(), account, state);

    // Today: two publications, one update (not a publication), one sale from an hour ago.
    const a = await listing(fr, "published");
    await seed.event(a, "publish", "queued", "publishing", 5);
    await seed.event(a, "publish", "publishing", "published", 4);
    const b = await listing(fr, "published");
    await seed.event(b, "publish", "publishing", "published", 3);
    await seed.event(b, "update", "updating", "published", 2);
    // Three hours ago: outside the 2-hour window; in "today" only if today is that long.
    const sold = await listing(fr, "sold");
    await seed.event(sold, "sold", "published", "sold", 3 * 3600);
    // Yesterday and last week.
    const failed = await listing(fr, "error");
    await seed.event(failed, "publish", "publishing", "error", DAY + 60);
    await seed.event(failed, "publish", "publishing", "published", 7 * DAY);
    // Older than the series.
    await seed.event(failed, "publish", "publishing", "published", 40 * DAY);

    // The full account: 3 actions in its hour; the oldest, 50 minutes ago, frees a slot in 10.
    const c = await listing(full, "publishing");
    await seed.event(c, "publish", "queued", "publishing", 50 * 60);
    await seed.event(c, "publish", "publishing", "error", 20 * 60);
    await seed.event(c, "publish", "error", "publishing", 10 * 60);
    await seed.event(c, "publish", "queued", "publishing", 2 * 3600); // outside the window

    // The pacing window counts the slots the pipeline took: actions and sales-poll pages.
    for (const ago of [5, 4, 3, 2]) await seed.slot(fr, ago, ago === 2 ? "poll" : "publish");
    await seed.slot(fr, 3 * 3600); // outside the window
    await seed.slot(fr, -600); // booked for a waiting job: not used yet
    for (const ago of [50 * 60, 20 * 60, 10 * 60, 2 * 3600]) await seed.slot(full, ago);

    await listing(paused, "queued");
    await listing(paused, "updating");
    await listing(paused, "delisting");
    await listing(paused, "delisted");
    await listing(paused, "draft");
    await listing(paused, "error");
  });
  afterAll(() => engine.close());

  it("counts today's publications, pending listings and listings in error", async () => {
    const res = await request(engine, "GET", "/api/v1/stats", { token: shop.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      timeZone: "UTC",
      publishedToday: 2,
      pending: 4, // queued, publishing, updating, delisting
      errors: 2,
    });
  });

  it("shows each channel account's use of its rolling pacing window", async () => {
    const before = Date.now();
    const res = await request(engine, "GET", "/api/v1/stats", { token: shop.accessToken });
    const byId = Object.fromEntries(
      res.body.pacing.map((p: { accountId: string }) => [p.accountId, p]),
    );
    expect(byId[fr]).toEqual({
      accountId: fr,
      platform: "vinted",
      username: "lea-fr",
      status: "connected",
      used: 4,
      max: 40,
      windowSeconds: 7200,
    });
    expect(byId[full]).toMatchObject({ used: 3, max: 3, windowSeconds: 3600 });
    const next = Date.parse(byId[full].nextActionAt);
    expect(next).toBeGreaterThan(before + 9 * 60_000);
    expect(next).toBeLessThan(before + 11 * 60_000);
    expect(byId[paused]).toMatchObject({ platform: "ebay", used: 0, max: 40 });
    expect(Date.parse(byId[paused].nextActionAt)).toBeGreaterThan(before + 29 * 60_000);
    expect(res.body.pacing).toHaveLength(3);
  });

  it("draws a 30-day daily series of publications, sales and errors, today last", async () => {
    const res = await request(engine, "GET", "/api/v1/stats", { token: shop.accessToken });
    const series: { date: string; published: number; sold: number; errors: number }[] =
      res.body.series;
    expect(series).toHaveLength(30);
    expect(series.at(-1)?.date).toBe(dateIn("UTC"));
    expect(series[0]?.date).toBe(dateIn("UTC", 29 * DAY));
    const on = (secondsAgo: number) => series.find((d) => d.date === dateIn("UTC", secondsAgo));
    expect(on(0)?.published).toBe(2);
    expect(on(DAY + 60)?.errors).toBeGreaterThanOrEqual(1);
    expect(on(7 * DAY)?.published).toBe(1);
    const totals = series.reduce(
      (t, d) => ({
        published: t.published + d.published,
        sold: t.sold + d.sold,
        errors: t.errors + d.errors,
      }),
      { published: 0, sold: 0, errors: 0 },
    );
    // The 40-day-old publication is out; the update is not a publication.
    expect(totals).toEqual({ published: 3, sold: 1, errors: 2 });
  });

  it("counts days in the time zone asked for", async () => {
    for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Paris"]) {
      const res = await request(
        engine,
        "GET",
        `/api/v1/stats?timeZone=${encodeURIComponent(zone)}`,
        { token: shop.accessToken },
      );
      expect(res.status).toBe(200);
      expect(res.body.timeZone).toBe(zone);
      expect(res.body.series.at(-1).date).toBe(dateIn(zone));
    }
  });

  it("rejects unknown time zones and unknown parameters with 400", async () => {
    for (const query of ["timeZone=Mars/Olympus", "timeZone=%2B01:00", "timeZone=UTC&x=1"]) {
      const res = await request(engine, "GET", `/api/v1/stats?${query}`, {
        token: shop.accessToken,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await request(engine, "GET", "/api/v1/stats")).status).toBe(401);
    // Past Node's 16 KB header limit: refused before express, still as problem+json.
    const huge = await request(engine, "GET", `/api/v1/stats?timeZone=${"x".repeat(20_000)}`, {
      token: shop.accessToken,
    });
    expect(huge.status).toBe(431);
    expect(huge.headers.get("content-type")).toBe("application/problem+json");
    expect(huge.body.type).toBe("https://stoflow.app/problems/headers-too-large");
  });

  it("shows another shop nothing of this one", async () => {
    const other = await signUp(engine);
    const res = await request(engine, "GET", "/api/v1/stats", { token: other.accessToken });
    expect(res.body).toMatchObject({ publishedToday: 0, pending: 0, errors: 0, pacing: [] });
    expect(res.body.series).toHaveLength(30);
    expect(res.body.series.every((d: { published: number }) => d.published === 0)).toBe(true);
  });
});
