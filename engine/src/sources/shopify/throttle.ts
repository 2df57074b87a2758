// Shopify's calculated-cost limit seen from the client: every answer tells the bucket's
// state (`extensions.cost.throttleStatus`), so before a query we wait until the bucket has
// refilled enough for it instead of sending it to be THROTTLED. One bucket per shop (the
// limit is per app per shop), shared by every call this process makes to that shop.

import { setTimeout as sleep } from "node:timers/promises";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Timers fire a little early and clocks differ: wait this much past the computed refill. */
const SLACK_MS = 20;

export class ShopBucket {
  private status: ThrottleStatus | undefined;
  private seenAt = 0;
  /** Points charged but not yet reported back (queries in flight). */
  private inFlight = 0;
  private probe: { promise: Promise<void>; resolve: () => void } | undefined;
  /** Total time spent waiting for the bucket, for logs and tests. */
  waitedMs = 0;

  /** What the bucket holds now, by the last status and the restore rate since. */
  available(now = Date.now()): number | undefined {
    if (!this.status) return undefined;
    const restored = ((now - this.seenAt) / 1000) * this.status.restoreRate;
    return (
      Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + restored) -
      this.inFlight
    );
  }

  observe(status: ThrottleStatus, now = Date.now()): void {
    this.status = status;
    this.seenAt = now;
    this.probe?.resolve();
  }

  /** Waits until `cost` points are there, then books them until the answer comes. */
  async reserve(cost: number, signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      const available = this.available();
      if (available === undefined || !this.status) {
        // Nothing known of the bucket yet: one query goes first and brings its status back.
        if (!this.probe) {
          let resolve = () => {};
          const promise = new Promise<void>((r) => {
            resolve = r;
          });
          this.probe = { promise, resolve };
          break;
        }
        await this.probe.promise;
        continue;
      }
      const wanted = Math.min(cost, this.status.maximumAvailable);
      if (available >= wanted) break;
      const ms = Math.max(
        10,
        SLACK_MS + Math.ceil(((wanted - available) / this.status.restoreRate) * 1000),
      );
      this.waitedMs += ms;
      await sleep(ms, undefined, { signal });
    }
    this.inFlight += cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= cost;
      // A first query that failed without a status: let the next one probe.
      if (!this.status && this.probe) {
        this.probe.resolve();
        this.probe = undefined;
      }
    };
  }

  /** After THROTTLED: how long until `cost` points are back, by the status in that answer. */
  async waitAfterThrottled(cost: number, status: ThrottleStatus, signal?: AbortSignal) {
    this.observe(status);
    const wanted = Math.min(cost, status.maximumAvailable);
    const ms = Math.max(
      50,
      SLACK_MS + Math.ceil(((wanted - status.currentlyAvailable) / status.restoreRate) * 1000),
    );
    this.waitedMs += ms;
    await sleep(ms, undefined, { signal });
  }
}

const buckets = new Map<string, ShopBucket>();

/** The bucket of one shop's Admin API endpoint (the URL names the shop). */
export function bucketFor(endpoint: string): ShopBucket {
  let bucket = buckets.get(endpoint);
  if (!bucket) {
    bucket = new ShopBucket();
    buckets.set(endpoint, bucket);
  }
  return bucket;
}
