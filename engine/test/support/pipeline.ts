import { randomUUID } from "node:crypto";
import { migrate, provisionTenant, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../db/test/support/test-database.ts";
import type { ListingPayload } from "../../src/channels/channel.ts";
import { createVintedChannel } from "../../src/channels/vinted/index.ts";
import { loadConfig } from "../../src/config.ts";
import type { ListingState } from "../../src/listings/lifecycle.ts";
import { createLogger } from "../../src/logger.ts";
import { type Clock, manualClock } from "../../src/pipeline/clock.ts";
import { channelRegistry, type PayloadBuilder } from "../../src/pipeline/ports.ts";
import { createBoss, ensureQueues } from "../../src/pipeline/queues.ts";
import type { ActionRuntime } from "../../src/pipeline/run-action.ts";
import { DEFAULT_SETTINGS, type PipelineSettings } from "../../src/pipeline/settings.ts";
import { startVintedSandbox, type VintedSandbox } from "../../src/sandbox/vinted/server.ts";
import type { CapturedSession, SandboxUser } from "../../src/sandbox/vinted/state.ts";
import { jpeg } from "./vinted-sandbox.ts";

export const log = createLogger(loadConfig({ LOG_LEVEL: "silent" }));

export const payloadFor = (title: string): ListingPayload => ({
  title,
  description: "A well kept item",
  price: "25.00",
  currency: "EUR",
  catalogId: 1,
  brandId: null,
  brandName: null,
  sizeId: null,
  statusId: 2,
  colorIds: [],
  packageSizeId: 1,
  photos: [],
});

export interface PipelineWorld {
  database: TestDatabase;
  /** pg-boss on the world's database, queues made, no workers. */
  boss: PgBoss;
  tenantId: number;
  clock: Clock & { set(at: Date): void; advance(ms: number): void };
  product(title?: string): Promise<{ id: string; revision: number }>;
  account(options?: { max?: number; windowSeconds?: number }): Promise<string>;
  listing(productId: string, accountId: string, state?: ListingState): Promise<string>;
  listingRow(id: string): Promise<typeof tenant.listings.$inferSelect>;
  accountRow(id: string): Promise<typeof tenant.channelAccounts.$inferSelect>;
  events(listingId: string): Promise<(typeof tenant.publicationEvents.$inferSelect)[]>;
  close(): Promise<void>;
}

/** A fresh database with one tenant, on a clock of our own (the runtime: `sandboxMarket`). */
export async function pipelineWorld(): Promise<PipelineWorld> {
  const database = await createTestDatabase(20);
  await migrate(database.pool);
  const { id: tenantId } = await provisionTenant(database.pool, { name: `Shop ${randomUUID()}` });
  const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
  const boss = createBoss(database.url, { max: 2 });
  await boss.start();
  await ensureQueues(boss, DEFAULT_SETTINGS);
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(database.db, tenantId, fn);
  return {
    database,
    boss,
    tenantId,
    clock,
    async product(title = "Levi's 501") {
      const [row] = await inTenant((tx) =>
        tx.insert(tenant.products).values({ title, price: "25.00" }).returning(),
      );
      return { id: (row as { id: string }).id, revision: (row as { revision: number }).revision };
    },
    async account(options = {}) {
      const [row] = await inTenant((tx) =>
        tx
          .insert(tenant.channelAccounts)
          .values({
            platform: "vinted",
            domain: "www.vinted.fr",
            externalUserId: randomUUID(),
            pacingMaxActions: options.max ?? 40,
            pacingWindowSeconds: options.windowSeconds ?? 7200,
          })
          .returning(),
      );
      return (row as { id: string }).id;
    },
    async listing(productId, accountId, state = "queued") {
      const [row] = await inTenant((tx) =>
        tx
          .insert(tenant.listings)
          .values({ productId, channelAccountId: accountId, platform: "vinted", state })
          .returning(),
      );
      return (row as { id: string }).id;
    },
    async listingRow(id) {
      const [row] = await inTenant((tx) =>
        tx.select().from(tenant.listings).where(eq(tenant.listings.id, id)),
      );
      return row as typeof tenant.listings.$inferSelect;
    },
    async accountRow(id) {
      const [row] = await inTenant((tx) =>
        tx.select().from(tenant.channelAccounts).where(eq(tenant.channelAccounts.id, id)),
      );
      return row as typeof tenant.channelAccounts.$inferSelect;
    },
    events: (listingId) =>
      inTenant((tx) =>
        tx
          .select()
          .from(tenant.publicationEvents)
          .where(eq(tenant.publicationEvents.listingId, listingId))
          .orderBy(tenant.publicationEvents.id),
      ),
    async close() {
      await boss.stop({ graceful: false });
      await database.drop();
    },
  };
}

/** A Vinted sandbox over HTTP for the pipeline's runtime: a sandbox seller per account. */
export interface SandboxMarket {
  sandbox: VintedSandbox;
  runtime(settings?: Partial<PipelineSettings>): ActionRuntime;
  /** A channel account of the world backed by a new sandbox seller. */
  account(): Promise<{ accountId: string; user: SandboxUser; session: CapturedSession }>;
  fault(fault: Record<string, unknown>): Promise<void>;
  /** The marketplace calls since the last `clearCalls`, named: photo, publish, wardrobe, ... */
  calls(): Promise<string[]>;
  clearCalls(): Promise<void>;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

function callName(method: string, path: string): string {
  if (path.startsWith("/api/v2/photos")) return "photo";
  if (method === "POST" && path === "/api/v2/item_upload/items") return "publish";
  if (method === "PUT" && path.startsWith("/api/v2/item_upload/items/")) return "update";
  if (path.startsWith("/api/v2/wardrobe/")) return "wardrobe";
  if (/\/items\/\d+(\/delete)?$/.test(path)) return "delist";
  return `${method} ${path}`;
}

export async function sandboxMarket(
  world: PipelineWorld,
  options: { timeoutMs?: number } = {},
): Promise<SandboxMarket> {
  const sandbox = await startVintedSandbox();
  const sessions = new Map<string, CapturedSession>();
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status}`);
    return res.status === 204 ? undefined : res.json();
  };
  const channel = createVintedChannel({
    baseUrlFor: sandbox.baseUrlFor,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  // The product's own title: a test can make one the marketplace refuses.
  const payloads: PayloadBuilder = async (tenantId, target) => ({
    ok: true,
    payload: {
      ...payloadFor(
        (
          await withTenant(world.database.db, tenantId, (tx) =>
            tx
              .select({ title: tenant.products.title })
              .from(tenant.products)
              .where(eq(tenant.products.id, target.productId)),
          )
        )[0]?.title ?? "?",
      ),
      catalogId: 1779,
      photos: [{ data: jpeg(), contentType: "image/jpeg" }],
    },
  });
  return {
    sandbox,
    control,
    runtime(settings = {}) {
      return {
        db: world.database.db,
        boss: world.boss,
        log,
        clock: world.clock,
        settings: { ...DEFAULT_SETTINGS, minGapSeconds: 0, maxGapSeconds: 0, ...settings },
        channels: channelRegistry([channel]),
        sessions: async (_tenantId, accountId) => {
          const session = sessions.get(accountId);
          if (!session) throw new Error(`no sandbox session for ${accountId}`);
          return session;
        },
        payloads,
      };
    },
    async account() {
      const made = (await control("POST", "/users", {})) as {
        user: SandboxUser;
        session: CapturedSession;
      };
      const accountId = await world.account();
      sessions.set(accountId, made.session);
      return { accountId, user: made.user, session: made.session };
    },
    async fault(fault) {
      await control("POST", "/faults", fault);
    },
    async calls() {
      const { requests } = (await control("GET", "/requests")) as {
        requests: { method: string; path: string }[];
      };
      return requests.map((r) => callName(r.method, r.path));
    },
    async clearCalls() {
      await control("DELETE", "/requests");
    },
    close: () => sandbox.close(),
  };
}

/** A pipeline world and its Vinted sandbox for one test file: made before all, closed after. */
export function useSandboxMarket(options: { timeoutMs?: number } = {}) {
  const made = {} as { world: PipelineWorld; market: SandboxMarket };
  beforeAll(async () => {
    made.world = await pipelineWorld();
    made.market = await sandboxMarket(made.world, options);
  });
  afterAll(async () => {
    await made.market?.close();
    await made.world?.close();
  });
  return made;
}
