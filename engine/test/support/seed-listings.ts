import { randomUUID } from "node:crypto";
import { tenant, withTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import type { TestEngine } from "./engine.ts";

type State = (typeof tenant.LISTING_STATES)[number];

/** Writes straight into a tenant's tables, as the pipeline will, for stats and exports. */
export function seeder(engine: TestEngine, tenantId: number) {
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(engine.database.db, tenantId, fn);
  return {
    async product(title = "Levi's 501 jeans"): Promise<string> {
      const [row] = await inTenant((tx) =>
        tx.insert(tenant.products).values({ title, price: "25.00" }).returning(),
      );
      return (row as { id: string }).id;
    },
    async account(
      platform: string,
      options: { username?: string; max?: number; windowSeconds?: number; pausedUntil?: Date } = {},
    ): Promise<string> {
      const [row] = await inTenant((tx) =>
        tx
          .insert(tenant.channelAccounts)
          .values({
            platform,
            username: options.username ?? `${platform}-seller`,
            externalUserId: randomUUID(),
            credentialsCiphertext: Buffer.from("very secret session cookie"),
            pacingMaxActions: options.max ?? 40,
            pacingWindowSeconds: options.windowSeconds ?? 7200,
            pausedUntil: options.pausedUntil,
          })
          .returning(),
      );
      return (row as { id: string }).id;
    },
    async listing(productId: string, accountId: string, state: State): Promise<string> {
      const [row] = await inTenant((tx) =>
        tx
          .insert(tenant.listings)
          .values({ productId, channelAccountId: accountId, platform: "vinted", state })
          .returning(),
      );
      return (row as { id: string }).id;
    },
    /** One history row, `secondsAgo` in the past. */
    async event(
      listingId: string,
      action: string,
      fromState: string | null,
      toState: string,
      secondsAgo = 0,
    ): Promise<void> {
      await inTenant((tx) =>
        tx.insert(tenant.publicationEvents).values({
          listingId,
          action,
          fromState,
          toState,
          actor: "worker",
          outcome: toState === "error" ? "failed" : "ok",
          createdAt: sql`now() - make_interval(secs => ${secondsAgo})`,
        }),
      );
    },
    /** A pacing slot of the account `secondsAgo` (negative: booked ahead, `reserved`). */
    async slot(accountId: string, secondsAgo: number, action = "publish"): Promise<void> {
      await inTenant((tx) =>
        tx.insert(tenant.pacingSlots).values({
          channelAccountId: accountId,
          action,
          takenAt: sql`now() - make_interval(secs => ${secondsAgo})`,
          reserved: secondsAgo < 0,
        }),
      );
    },
  };
}
