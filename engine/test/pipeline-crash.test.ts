// Crash test of the publication pipeline (issue 4): 100 publishes against the Vinted sandbox
// while worker processes (`stoflow start --role worker`) are SIGKILLed at random moments and
// restarted. Nothing may be published twice on the sandbox, nothing may be lost, and every
// attempt a kill interrupted after it reached the marketplace must end in a reconciliation.
//
// Item creations go through a proxy in front of the sandbox that holds each request 0 to 1 s
// before passing it on and its answer 1 to 2.5 s after the sandbox made the item, so kills land
// both before the item exists and in the window a careless pipeline posts it again: the item
// is on Vinted, Stoflow has not recorded it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPublishing } from "../src/pipeline/pipeline.ts";
import { DEAD_LETTER_QUEUE } from "../src/pipeline/queues.ts";
import { enginePorts } from "../src/pipeline/wiring.ts";
import { startVintedSandbox, type VintedSandbox } from "../src/sandbox/vinted/server.ts";
import { pairDevice } from "./support/channels.ts";
import { STOFLOW_BIN } from "./support/cli.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct, imageForm, JPEG } from "./support/products.ts";

const PRODUCTS = 100;
const KILLS = 6;
/** Longer than any batch of jobs takes here (a creation takes 3.5 s at most), short enough to wait for. */
const JOB_EXPIRY_SECONDS = 10;
const PIPELINE_ENV = {
  STOFLOW_JOB_EXPIRY_SECONDS: String(JOB_EXPIRY_SECONDS),
  STOFLOW_JOB_RETRY_DELAY_SECONDS: "1",
  STOFLOW_PACING_GAP_SECONDS: "0",
};

/** A pass-through proxy in front of the sandbox that makes item creations slow on both sides. */
async function lateAnswers(target: string): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const creation =
        req.method === "POST" && /\/api\/v2\/item_upload\/items$/.test(req.url ?? "");
      // Some creations are slow to leave: a kill then lands before the item exists.
      if (creation) await new Promise((resolve) => setTimeout(resolve, randomInt(0, 1_000)));
      if (res.destroyed || req.socket.destroyed) return; // never reached "Vinted"
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on("data", (c: Buffer) => body.push(c));
          answer.on("end", () => {
            setTimeout(
              () => {
                if (res.destroyed) return; // the worker died meanwhile
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                res.end(Buffer.concat(body));
              },
              creation ? randomInt(1_000, 2_500) : 0,
            );
          });
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
    res.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Worker {
  child: ChildProcess;
  running: Promise<void>;
  exited: Promise<void>;
  output: () => string;
}

let sandbox: VintedSandbox;
let proxy: { url: string; server: Server };
let engine: TestEngine;
let shop: SignedUp;
let sellerId: number;
const workers: Worker[] = [];

function startWorker(): Worker {
  const child = spawn(process.execPath, [STOFLOW_BIN, "start", "--role", "worker"], {
    env: {
      ...process.env,
      ...PIPELINE_ENV,
      DATABASE_URL: engine.database.url,
      DATABASE_POOL_SIZE: "6",
      STOFLOW_VINTED_URL: proxy.url,
      STOFLOW_MASTER_KEY: engine.masterKey.toString("base64"),
      STOFLOW_DATA_DIR: engine.ctx.config.dataDir,
      LOG_LEVEL: "info",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const running = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes("Stoflow is running")) resolve();
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    exited.then(() => reject(new Error(`worker exited before running:\n${output}`)));
  });
  running.catch(() => {}); // a worker killed while starting is fine; awaited where it matters
  const worker = { child, running, exited, output: () => output };
  workers.push(worker);
  return worker;
}

async function kill(worker: Worker): Promise<void> {
  worker.child.kill("SIGKILL");
  await worker.exited;
}

const schema = () => tenantSchema(shop.tenantId);

async function listingStates(): Promise<Record<string, number>> {
  const { rows } = await engine.database.pool.query<{ state: string; n: number }>(
    `SELECT state, count(*)::int AS n FROM "${schema()}".listings GROUP BY state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

const FINAL = ["published", "error", "draft", "delisted", "sold"];
const finished = (states: Record<string, number>) =>
  Object.entries(states).reduce((n, [state, count]) => n + (FINAL.includes(state) ? count : 0), 0);

beforeAll(async () => {
  sandbox = await startVintedSandbox({ seedUsers: [{ login: "crash_test_seller" }] });
  proxy = await lateAnswers(sandbox.url);
  engine = await startTestEngine({ ...PIPELINE_ENV, STOFLOW_VINTED_URL: proxy.url });
  // The API role in this process: it queues the jobs; only the child processes work them.
  const vintedUrl = proxy.url;
  engine.ctx.publishing = await startPublishing(
    engine.ctx,
    enginePorts(engine.ctx, { vintedBaseUrlFor: (domain) => `${vintedUrl}/${domain}` }),
    { workers: false },
  );
  shop = await signUp(engine, "Crash test shop");
  await setPlan(engine, shop.tenantId, "business");
  const seeded = sandbox.seeded[0] as (typeof sandbox.seeded)[number];
  sellerId = seeded.user.id;
  const deviceToken = await pairDevice(engine, shop);
  const uploaded = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
    token: deviceToken,
    body: seeded.session,
  });
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
  const account = uploaded.body;
  // Pacing off in effect: the most actions the API allows in its shortest window.
  const paced = await request(engine, "PATCH", `/api/v1/channel-accounts/${account.id}`, {
    token: shop.accessToken,
    body: { pacingMaxActions: 200, pacingWindowSeconds: 60 },
  });
  expect(paced.status, JSON.stringify(paced.body)).toBe(200);
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => (w.child.exitCode === null ? kill(w) : undefined)));
  await engine?.ctx.publishing?.stop(2_000);
  await engine?.close();
  await new Promise((resolve) => proxy?.server.close(resolve));
  proxy?.server.closeAllConnections();
  await sandbox?.close();
});

const titleOf = (i: number) => `Jean Levi's 501 bleu brut n°${String(i).padStart(3, "0")}`;

describe("publication pipeline under SIGKILL", () => {
  it("publishes 100 products exactly once while workers are killed and restarted", async () => {
    // 100 products the Vinted mappings accept, each with a photo.
    const ids: string[] = [];
    for (let start = 0; start < PRODUCTS; start += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, PRODUCTS - start) }, async (_, k) => {
          const product = await createProduct(engine, shop.accessToken, {
            title: titleOf(start + k),
            description: "Porté quelques fois, très bon état, coupe droite. Longueur 102 cm.",
            brand: "levis",
            category: "femmes/vetements/jeans",
            size: "M",
            colors: ["Bleu"],
            condition: "very_good",
            price: 20 + ((start + k) % 30),
          });
          const upload = await request(engine, "POST", `/api/v1/products/${product.id}/images`, {
            token: shop.accessToken,
            rawBody: imageForm({ data: JPEG, name: "jean.jpg", type: "image/jpeg" }),
          });
          expect(upload.status, JSON.stringify(upload.body)).toBeLessThan(300);
          return product.id as string;
        }),
      );
      ids.push(...batch);
    }

    const pool = [startWorker(), startWorker()];
    await Promise.all(pool.map((w) => w.running));
    const queued = await request(engine, "POST", "/api/v1/products/publish", {
      token: shop.accessToken,
      body: { productIds: ids, platforms: ["vinted"] },
    });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.body.listings).toHaveLength(PRODUCTS);

    // Kill a random worker a random while after it came up (it is then mid-batch: a batch
    // takes 1 to 3.5 s), restart it, again; stop while enough is left for a kill to matter.
    let kills = 0;
    while (kills < KILLS) {
      const slot = randomInt(pool.length);
      const victim = pool[slot] as Worker;
      await victim.running;
      await new Promise((resolve) => setTimeout(resolve, randomInt(500, 2_500)));
      if (PRODUCTS - finished(await listingStates()) < 16) break;
      await kill(victim);
      kills++;
      pool[slot] = startWorker();
    }
    await Promise.all(pool.map((w) => w.running));

    // Every listing reaches a final state (killed jobs come back after their expiry).
    const states = await until(
      "every listing in a final state",
      listingStates,
      (s) => finished(s) === PRODUCTS,
      90_000,
    );
    expect(states).toEqual({ published: PRODUCTS });
    expect(kills).toBeGreaterThanOrEqual(3);

    // 0 duplicates: each product exactly once among the seller's items on the sandbox.
    const items = sandbox.state.itemsOf(sellerId);
    const byTitle = new Map<string, number[]>();
    for (const item of items)
      byTitle.set(item.title, [...(byTitle.get(item.title) ?? []), item.id]);
    const duplicated = [...byTitle].filter(([, idsOf]) => idsOf.length > 1);
    expect(duplicated).toEqual([]);
    expect(items).toHaveLength(PRODUCTS);

    // 0 lost: every listing published with the external id of its own sandbox item.
    const { rows: listings } = await engine.database.pool.query<{
      id: string;
      title: string;
      state: string;
      external_id: string | null;
    }>(
      `SELECT l.id, p.title, l.state, l.external_id FROM "${schema()}".listings l
       JOIN "${schema()}".products p ON p.id = l.product_id`,
    );
    expect(listings).toHaveLength(PRODUCTS);
    for (const listing of listings) {
      expect(listing.state).toBe("published");
      expect(byTitle.get(listing.title), listing.title).toEqual([Number(listing.external_id)]);
    }
    // A job killed (or expired on a slow machine) more times than its retries lands in the
    // dead-letter queue, whose worker sends it again: none may be left there unhandled.
    const dead = await engine.database.pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state <> 'completed'",
      [DEAD_LETTER_QUEUE],
    );
    expect(dead.rows[0].n).toBe(0);

    // The history: an attempt a kill interrupted shows as a second "started" of the same
    // action; the one that finished reconciled when the item was already on Vinted.
    const { rows: events } = await engine.database.pool.query<{
      listing_id: string;
      outcome: string;
      to_state: string;
    }>(
      `SELECT listing_id, outcome, to_state FROM "${schema()}".publication_events
       WHERE action = 'publish' ORDER BY id`,
    );
    const history = new Map<string, string[]>();
    for (const e of events)
      history.set(e.listing_id, [...(history.get(e.listing_id) ?? []), e.outcome]);
    const interrupted = [...history].filter(([, o]) => o.filter((x) => x === "started").length > 1);
    const reconciled = [...history].filter(([, o]) => o.includes("reconciled"));
    expect(interrupted.length, "kills interrupted publishes").toBeGreaterThan(0);
    expect(reconciled.length, "interrupted publishes reconciled").toBeGreaterThan(0);
    // Reconciliation only follows an interruption, and every history ends with one success.
    const interruptedIds = new Set(interrupted.map(([id]) => id));
    for (const [id] of reconciled) expect(interruptedIds.has(id)).toBe(true);
    for (const [, outcomes] of history) {
      expect(outcomes.filter((o) => o === "ok" || o === "reconciled")).toHaveLength(1);
      expect(["ok", "reconciled"]).toContain(outcomes.at(-1));
    }
    console.info(
      `crash test: ${kills} kills, ${interrupted.length} publishes interrupted, ` +
        `${reconciled.length} of them reconciled, ${items.length} items on the sandbox`,
    );
  }, 150_000);
});
