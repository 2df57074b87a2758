import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Logger } from "../logger.ts";

/** The channel the change triggers notify (tenant and control migrations "change_notify"). */
export const CHANGES_CHANNEL = "stoflow_changes";

/** What a notification on CHANGES_CHANNEL says changed. */
export type Change =
  | { kind: "tenant"; tenantId: number } // products, product_images or listings of one tenant
  | { kind: "members"; tenantId: number } // memberships of one tenant
  | { kind: "all" }; // anything else (a truncate, an unreadable payload): assume everything

export function parseChange(payload: string | undefined): Change {
  const match = payload?.match(/^(tenant|members):([1-9][0-9]{0,9})$/);
  if (!match) return { kind: "all" };
  return { kind: match[1] as "tenant" | "members", tenantId: Number(match[2]) };
}

const RECONNECT_MS = [100, 500, 1_000, 2_000, 5_000];

/**
 * LISTEN on a connection of its own for the change triggers' notifications, on behalf of the
 * in-process caches. The caches may answer only while `live`: a notification missed is a
 * stale answer, so when the connection drops every cache is flushed (`onFlush`) and stays
 * unused until LISTEN is back, which flushes once more (anything may have changed meanwhile).
 * `epoch` changes on every such flush so that a fill begun before it is not stored after it.
 */
export class ChangeFeed {
  #client: pg.Client | undefined;
  #live = false;
  #epoch = 0;
  #stopped = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #changeHandlers: ((change: Change) => void)[] = [];
  #flushHandlers: (() => void)[] = [];
  // Barriers: a private channel, so other processes never wake up for them.
  readonly #syncChannel = `stoflow_sync_${randomBytes(6).toString("hex")}`;
  #syncs = new Map<string, () => void>();
  #syncCount = 0;

  readonly #connection: pg.ClientConfig;
  readonly #log: Logger;

  constructor(connection: pg.ClientConfig, log: Logger) {
    this.#connection = connection;
    this.#log = log;
  }

  get live(): boolean {
    return this.#live;
  }

  get epoch(): number {
    return this.#epoch;
  }

  onChange(handler: (change: Change) => void): void {
    this.#changeHandlers.push(handler);
  }

  onFlush(handler: () => void): void {
    this.#flushHandlers.push(handler);
  }

  /** Resolves once listening, or rejects with the first connection error (retries go on). */
  start(): Promise<void> {
    return this.#connect();
  }

  /**
   * Resolves once every change committed before the call has been handed to the caches.
   * PostgreSQL delivers notifications in commit order, so a notification sent now arrives after
   * those of every transaction already committed: waiting for it is enough. Does nothing (and
   * need not) while not live: the caches are off then.
   */
  async barrier(): Promise<void> {
    const client = this.#client;
    if (!this.#live || !client) return;
    const id = String(++this.#syncCount);
    const arrived = new Promise<void>((resolve) => this.#syncs.set(id, resolve));
    try {
      await client.query("SELECT pg_notify($1, $2)", [this.#syncChannel, id]);
      await arrived; // on a lost connection, #flush() resolves every pending barrier
    } catch {
      this.#syncs.delete(id); // the connection failed: #lost() flushed the caches already
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#flush();
    await this.#client?.end().catch(() => {});
    this.#client = undefined;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ ...this.#connection, application_name: "stoflow-changes" });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, undefined));
    client.on("notification", (message) => this.#notified(message));
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}; LISTEN ${this.#syncChannel}`);
    } catch (error) {
      this.#lost(client, error as Error);
      throw error;
    }
    if (this.#client !== client || this.#stopped) return;
    this.#flush(); // whatever changed while nobody listened
    this.#live = true;
    this.#attempt = 0;
    this.#log.debug("Listening for changes: list cache on");
  }

  #lost(client: pg.Client, error: Error | undefined): void {
    if (this.#client !== client) return; // an older connection, already replaced
    this.#client = undefined;
    const wasLive = this.#live;
    this.#flush();
    client.end().catch(() => {});
    if (this.#stopped) return;
    if (wasLive) this.#log.warn({ err: error }, "Change notifications lost: list cache off");
    const delay = RECONNECT_MS[Math.min(this.#attempt++, RECONNECT_MS.length - 1)];
    this.#timer = setTimeout(() => {
      this.#connect().catch(() => {}); // #lost() schedules the next attempt
    }, delay);
    this.#timer.unref();
  }

  #flush(): void {
    this.#live = false;
    this.#epoch++;
    for (const handler of this.#flushHandlers) handler();
    for (const resolve of this.#syncs.values()) resolve();
    this.#syncs.clear();
  }

  #notified(message: pg.Notification): void {
    if (message.channel === this.#syncChannel) {
      const payload = message.payload ?? "";
      this.#syncs.get(payload)?.();
      this.#syncs.delete(payload);
      return;
    }
    const change = parseChange(message.payload);
    for (const handler of this.#changeHandlers) handler(change);
  }
}
