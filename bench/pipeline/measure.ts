// The two measurements: publishes through the pipeline against the sandbox, and raw pg-boss
// send → work → complete of empty jobs with the same worker options.
import { randomUUID } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { LISTING_EVENTS_CHANNEL, type ListingEvent } from "../../engine/src/listings/events.ts";
import { requestPublishMany } from "../../engine/src/listings/requests.ts";
import { startPipeline } from "../../engine/src/pipeline/pipeline.ts";
import { channelRegistry, type PayloadBuilder } from "../../engine/src/pipeline/ports.ts";
import { ACTION_QUEUES, createBoss, ensureQueues } from "../../engine/src/pipeline/queues.ts";
import { DEFAULT_SETTINGS, type PipelineSettings } from "../../engine/src/pipeline/settings.ts";
import { enginePorts } from "../../engine/src/pipeline/wiring.ts";
import { type Child, startChild } from "./child.ts";
import { type StatementStats, startStatements, stopStatements, timed } from "./profile.ts";
import type { EngineParts, Shop } from "./world.ts";

const STOFLOW_BIN = fileURLToPath(new URL("../../engine/bin/stoflow.js", import.meta.url));

export interface RunResult {
  /** CPU ms of each metered process during the run (pipeline runs). */
  cpuMs?: Record<string, number>;
  count: number;
  /** First enqueue to the last job done (ms). */
  ms: number;
  perSecond: number;
  /** First enqueue to the last enqueue returning (ms). */
  enqueueMs: number;
  /** Per job: its enqueue returning to its end (ms), sorted. */
  latencies: number[];
  failed: number;
  statements: Map<string, StatementStats>;
  ports: Record<string, StatementStats>;
}

/**
 * The options startWorkers (engine/src/pipeline/workers.ts) gives each listing queue's worker;
 * the raw pg-boss jobs are worked the same way. Keep the two in step.
 */
export function workOptions(settings: PipelineSettings) {
  return {
    batchSize: settings.batchSize,
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    notifyPollingIntervalSeconds: settings.pollingIntervalSeconds,
    burstWhenBatchFull: true,
    perJobResults: true,
    localConcurrency: settings.concurrency,
  } as const;
}

/** Runs `work` over `items` with `concurrency` loops, in order. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Each shop's products in requests of `size`, the shops' requests interleaved. */
function bulks<T extends { shop: Shop }>(targets: T[], size: number): T[][] {
  const perShop = new Map<Shop, T[][]>();
  for (const target of targets) {
    const chunks = perShop.get(target.shop) ?? [];
    const last = chunks.at(-1);
    if (last && last.length < size) last.push(target);
    else chunks.push([target]);
    perShop.set(target.shop, chunks);
  }
  const total = [...perShop.values()].reduce((n, chunks) => n + chunks.length, 0);
  const out: T[][] = [];
  for (let i = 0; out.length < total; i++)
    for (const chunks of perShop.values()) if (chunks[i]) out.push(chunks[i] as T[]);
  return out;
}

const settingsOf = (overrides: Partial<PipelineSettings>): PipelineSettings => ({
  ...DEFAULT_SETTINGS,
  // Pacing off: no gap between two actions of an account (its limits are set very high).
  minGapSeconds: 0,
  maxGapSeconds: 0,
  ...overrides,
});

/** Wraps fetch to time the sandbox's answers by kind of call (photo upload, item create). */
/** Times every HTTP call of this process by undici's diagnostics channels (fetch or request). */
function timeHttp(ports: Record<string, StatementStats>): () => void {
  const started = new WeakMap<object, number>();
  type Message = { request: { path: string } };
  const onCreate = (m: unknown) => started.set((m as Message).request, performance.now());
  const onEnd = (m: unknown) => {
    const { request } = m as Message;
    const at = started.get(request);
    if (at === undefined) return;
    started.delete(request);
    const name = request.path.includes("/api/v2/photos")
      ? "HTTP POST /api/v2/photos (one photo)"
      : request.path.includes("/api/v2/item_upload/items")
        ? "HTTP POST /api/v2/item_upload/items"
        : "HTTP other";
    const entry = ports[name] ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += performance.now() - at;
    ports[name] = entry;
  };
  const channels = [
    ["undici:request:create", onCreate],
    ["undici:request:trailers", onEnd],
    ["undici:request:error", onEnd],
  ] as const;
  for (const [name, fn] of channels) subscribe(name, fn);
  return () => {
    for (const [name, fn] of channels) unsubscribe(name, fn);
  };
}

/** The engine's own worker role in a process of its own, on the benchmark's database and sandbox. */
export function startWorkerProcess(
  parts: EngineParts,
  url: string,
  sandboxUrl: string,
  settings: PipelineSettings,
): Promise<Child> {
  return startChild(STOFLOW_BIN, ["start", "--role", "worker"], {
    readyPattern: /Stoflow is running/,
    env: {
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: "10",
      STOFLOW_DATA_DIR: parts.dataDir,
      STOFLOW_MASTER_KEY: parts.masterKey.toString("base64"),
      STOFLOW_VINTED_URL: sandboxUrl,
      STOFLOW_PACING_GAP_SECONDS: "0",
      STOFLOW_WORKER_BATCH_SIZE: String(settings.batchSize),
      STOFLOW_WORKER_CONCURRENCY: String(settings.concurrency),
      STOFLOW_SALES_POLL_CRON: "off",
      LOG_LEVEL: "info",
    },
  });
}

export async function measurePipeline(
  parts: EngineParts,
  url: string,
  sandboxUrl: string,
  targets: { shop: Shop; productId: string }[],
  options: {
    enqueueConcurrency: number;
    /** Products per publish request: 1 as the single publish, more as the bulk publish. */
    enqueueBatch: number;
    settings: Partial<PipelineSettings>;
    /**
     * Engine worker processes (`stoflow start --role worker`, started once by the caller and
     * kept warm across runs); none: the workers run in this process.
     */
    workerProcesses: Child[];
    /** Starts the CPU meter once everything runs. */
    meter: () => () => Record<string, number>;
  },
): Promise<RunResult> {
  const ports: Record<string, StatementStats> = {};
  const real = enginePorts(parts, { vintedBaseUrlFor: (domain) => `${sandboxUrl}/${domain}` });
  const vinted = real.channels.get("vinted");
  if (!vinted) throw new Error("no Vinted channel");
  const channel = {
    ...vinted,
    publish: timed(ports, "worker: channel.publish (photos + item)", vinted.publish),
  };
  const pipeline = await startPipeline(
    { url, db: parts.database.db, log: parts.log, workers: options.workerProcesses.length === 0 },
    {
      channels: channelRegistry([channel]),
      sessions: timed(ports, "worker: session load + decrypt", real.sessions),
      payloads: timed(ports, "worker: payload build (product, photo read, mapping)", real.payloads),
      payloadsMany: real.payloadsMany
        ? timed(ports, "worker: batch payload build (products, photos, mapping)", real.payloadsMany)
        : undefined,
      settings: settingsOf(options.settings),
    },
  );
  const checkPayload: PayloadBuilder = timed(
    ports,
    "enqueue: payload check (the API's lint)",
    real.payloads,
  );
  const requester = {
    db: parts.database.db,
    boss: pipeline.boss,
    payloads: checkPayload,
    payloadsMany: real.payloadsMany
      ? timed(ports, "enqueue: batch payload check (the API's lint)", real.payloadsMany)
      : undefined,
  };

  const cpu = options.meter();

  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  const queuedAt = new Map<string, number>();
  const endedAt = new Map<string, number>();
  let failed = 0;
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  listener.on("notification", (message) => {
    const event = JSON.parse(message.payload ?? "{}") as ListingEvent;
    if (event.to !== "published" && event.to !== "error") return;
    if (event.to === "error") failed += 1;
    endedAt.set(event.listingId, performance.now());
    if (endedAt.size === targets.length) resolveAll();
  });
  await listener.query(`LISTEN ${LISTING_EVENTS_CHANNEL}`);

  const restoreHttp = timeHttp(ports);
  startStatements();
  const start = performance.now();
  await pool(bulks(targets, options.enqueueBatch), options.enqueueConcurrency, async (bulk) => {
    const shop = (bulk[0] as (typeof bulk)[number]).shop;
    const ids = bulk.map((t) => t.productId);
    const listings = await requestPublishMany(requester, shop.tenantId, ids, ["vinted"], {
      actor: "bench",
    });
    for (const listing of listings) {
      if (listing.state !== "queued") throw new Error(`not queued: ${JSON.stringify(listing)}`);
      queuedAt.set(listing.id, performance.now());
    }
  });
  const enqueueMs = performance.now() - start;
  const timeout = setTimeout(() => resolveAll(), 15 * 60_000);
  await allDone;
  clearTimeout(timeout);
  const end = Math.max(...endedAt.values());
  const cpuMs = cpu(); // before the worker processes go
  const statements = stopStatements();
  restoreHttp();
  await listener.end();
  await pipeline.stop(10_000);
  if (endedAt.size < targets.length)
    throw new Error(`only ${endedAt.size} of ${targets.length} listings finished`);
  const latencies = [...endedAt.entries()]
    .map(([id, at]) => at - (queuedAt.get(id) ?? start))
    .sort((a, b) => a - b);
  const ms = end - start;
  return {
    count: targets.length,
    ms,
    perSecond: (targets.length / ms) * 1000,
    enqueueMs,
    latencies,
    failed,
    statements,
    ports,
    cpuMs,
  };
}

/** Empty jobs on a queue with the publish queue's options, worked with the same options. */
export async function measureRawBoss(
  url: string,
  count: number,
  options: { enqueueConcurrency: number; settings: Partial<PipelineSettings> },
): Promise<RunResult> {
  const settings = settingsOf(options.settings);
  const boss = createBoss(url, { listen: true }); // as the pipeline's workers
  boss.on("error", (error) => process.stderr.write(`raw pg-boss: ${error}\n`));
  await boss.start();
  await ensureQueues(boss, settings); // the dead-letter queue the publish queue names
  const name = `bench.raw.${randomUUID().slice(0, 8)}`;
  const publishQueue = await boss.getQueue(ACTION_QUEUES.publish);
  if (!publishQueue) throw new Error("no publish queue");
  await boss.createQueue(name, {
    policy: publishQueue.policy,
    retryLimit: publishQueue.retryLimit,
    retryDelay: publishQueue.retryDelay,
    retryBackoff: publishQueue.retryBackoff,
    retryDelayMax: publishQueue.retryDelayMax,
    expireInSeconds: publishQueue.expireInSeconds,
    deadLetter: publishQueue.deadLetter,
    notify: publishQueue.notify,
  });
  const sentAt = new Map<string, number>();
  const endedAt = new Map<string, number>();
  let resolveAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  await boss.work<{ n: number }>(name, workOptions(settings), async (jobs) => {
    const now = performance.now();
    for (const job of jobs) endedAt.set(job.id, now);
    if (endedAt.size >= count) setImmediate(resolveAll);
    return jobs.map((job) => ({ id: job.id, status: "completed" as const }));
  });
  startStatements();
  const start = performance.now();
  await pool(
    Array.from({ length: count }, (_, n) => n),
    options.enqueueConcurrency,
    async (n) => {
      const id = await boss.send(name, { n }, { singletonKey: `raw:${n}` });
      if (!id) throw new Error("raw send dropped");
      sentAt.set(id, performance.now());
    },
  );
  const enqueueMs = performance.now() - start;
  const timeout = setTimeout(() => resolveAll(), 15 * 60_000);
  await allDone;
  clearTimeout(timeout);
  const end = Math.max(...endedAt.values());
  // Let the last completions land before stopping (not timed).
  await new Promise((resolve) => setTimeout(resolve, 200));
  const statements = stopStatements();
  await boss.stop({ graceful: true, timeout: 10_000 });
  await boss.deleteQueue(name).catch(() => {});
  const latencies = [...endedAt.entries()]
    .map(([id, at]) => at - (sentAt.get(id) ?? start))
    .sort((a, b) => a - b);
  const ms = end - start;
  return {
    count,
    ms,
    perSecond: (count / ms) * 1000,
    enqueueMs,
    latencies,
    failed: 0,
    statements,
    ports: {},
  };
}
