import { withTenant } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneSlots, takeSlot } from "../src/pipeline/pacing.ts";
import { type PipelineWorld, pipelineWorld } from "./support/pipeline.ts";

let world: PipelineWorld;
beforeAll(async () => {
  world = await pipelineWorld();
});
afterAll(() => world.close());

const WINDOW_MS = 7_200_000;

/** `n` queued listings (one product each) on the account. */
async function queued(accountId: string, n: number) {
  const { rows } = await world.database.pool.query<{ id: string }>(
    `WITH p AS (INSERT INTO tenant_${world.tenantId}.products (title, price)
                SELECT 'Item ' || g, 10 FROM generate_series(1, $1) g RETURNING id)
     INSERT INTO tenant_${world.tenantId}.listings (product_id, channel_account_id, platform, state)
     SELECT id, $2, 'vinted', 'queued' FROM p RETURNING id`,
    [n, accountId],
  );
  return rows.map(({ id }) => ({ id, accountId }));
}

/**
 * `workers` concurrent loops take due actions in time order; a refused action comes back at
 * the time it was given. Returns when each action ran, per account.
 */
async function simulate(actions: { id: string; accountId: string }[], workers: number) {
  const due = actions.map((a) => ({ ...a, at: world.clock.now().getTime() }));
  const ran = new Map<string, number[]>();
  let refusals = 0;
  const next = () => {
    if (due.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < due.length; i++) if ((due[i]?.at ?? 0) < (due[best]?.at ?? 0)) best = i;
    return due.splice(best, 1)[0];
  };
  const loop = async () => {
    for (let action = next(); action; action = next()) {
      if (action.at > world.clock.now().getTime()) world.clock.set(new Date(action.at));
      const now = world.clock.now();
      const gate = await withTenant(world.database.db, world.tenantId, (tx) =>
        takeSlot(tx, {
          accountId: action.accountId,
          listingId: action.id,
          action: "publish",
          now,
          minGapSeconds: 20,
          maxGapSeconds: 90,
          recheckSeconds: 900,
        }),
      );
      if (gate.ok) ran.set(action.accountId, [...(ran.get(action.accountId) ?? []), now.getTime()]);
      else {
        refusals++;
        due.push({ ...action, at: gate.retryAt.getTime() });
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
  return { ran, refusals };
}

function maxInAnyWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= WINDOW_MS) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe("pacing per channel account", () => {
  it("never lets 4 workers exceed 40 actions in any 2 hours over 1,000 queued actions, and spaces them", async () => {
    const busy = await world.account();
    const actions = await queued(busy, 1000);
    const { ran, refusals } = await simulate(actions, 4);
    const times = ran.get(busy) ?? [];
    expect(times).toHaveLength(1000);
    expect(maxInAnyWindow(times)).toBeLessThanOrEqual(40);
    const sorted = [...times].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20_000);
    // Each waiting action books its slot once instead of waking at every free slot.
    expect(refusals).toBeLessThan(1100);
  }, 240_000);

  it("does not slow a second account down", async () => {
    const busy = await world.account();
    const quiet = await world.account();
    const start = world.clock.now().getTime();
    const actions = [...(await queued(busy, 100)), ...(await queued(quiet, 5))];
    const { ran } = await simulate(actions, 4);
    expect(maxInAnyWindow(ran.get(busy) ?? [])).toBeLessThanOrEqual(40);
    const quietTimes = ran.get(quiet) ?? [];
    expect(quietTimes).toHaveLength(5);
    // Five actions with at most 90 s between them: done within minutes, not hours.
    expect(Math.max(...quietTimes) - start).toBeLessThan(10 * 60_000);
  }, 120_000);

  it("drops slots a day past the window, keeps the rest", async () => {
    const accountId = await world.account({ windowSeconds: 3600 });
    const now = world.clock.now();
    const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    await world.database.pool.query(
      `INSERT INTO tenant_${world.tenantId}.pacing_slots (channel_account_id, action, taken_at)
       SELECT $1, 'publish', unnest($2::timestamptz[])`,
      [accountId, [ago(0.5), ago(20), ago(26), ago(48)]],
    );
    // The earlier tests' slots, days behind the clock by now, go too.
    const pruned = await withTenant(world.database.db, world.tenantId, (tx) => pruneSlots(tx, now));
    expect(pruned).toBeGreaterThanOrEqual(2);
    const { rows } = await world.database.pool.query(
      `SELECT count(*)::int AS n FROM tenant_${world.tenantId}.pacing_slots
        WHERE channel_account_id = $1`,
      [accountId],
    );
    expect(rows[0].n).toBe(2);
  });
});
