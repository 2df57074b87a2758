// Fault injection: answers queued on demand (403, 429, 5xx, hangs, slow or malformed
// bodies) and DataDome's burst detector. Applies to the Vinted API, never to /__sandbox.

import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { datadomeBlock } from "./answers.ts";
import { cookiesOf } from "./auth.ts";

export const faultSchema = z.object({
  type: z.enum(["blocked", "rate_limited", "server_error", "timeout", "slow", "malformed"]),
  /** How many matching requests get this fault (default 1). */
  count: z.number().int().positive().default(1),
  /** Only requests whose path (after any domain prefix, e.g. /api/v2/photos) starts with this. */
  path: z.string().startsWith("/").optional(),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .optional(),
  /** server_error: the status (500 by default). */
  status: z.number().int().min(500).max(599).default(500),
  /** rate_limited: the Retry-After value; omitted when null. */
  retryAfterSeconds: z.number().int().nonnegative().nullable().default(30),
  /** timeout: how long the request hangs; slow: the delay before a normal answer. */
  delayMs: z.number().int().nonnegative().default(30_000),
  /** malformed: the body sent with 200 (default: truncated JSON). */
  body: z.string().optional(),
});
export type Fault = z.infer<typeof faultSchema>;

export const burstSchema = z.object({
  /** More than `limit` requests from one client within `windowSeconds` trips the block. */
  limit: z.number().int().positive(),
  windowSeconds: z.number().positive(),
  /** How long a tripped client keeps getting 403. */
  blockSeconds: z.number().positive().default(3600),
});
export type BurstRule = z.infer<typeof burstSchema>;

export class Faults {
  private queue: Fault[] = [];
  burst: BurstRule | undefined;
  private readonly seen = new Map<string, number[]>(); // client -> request times
  private readonly blockedUntil = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(burst?: BurstRule) {
    this.burst = burst;
  }

  add(fault: Fault): void {
    this.queue.push(fault);
  }

  pending(): Fault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear(): void {
    this.queue = [];
    this.seen.clear();
    this.blockedUntil.clear();
  }

  /** Stops every delayed answer (the server is closing). */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private take(method: string, path: string): Fault | undefined {
    const at = this.queue.findIndex(
      (f) => (!f.path || path.startsWith(f.path)) && (!f.method || f.method === method),
    );
    if (at < 0) return undefined;
    const fault = this.queue[at] as Fault;
    fault.count--;
    if (fault.count <= 0) this.queue.splice(at, 1);
    return fault;
  }

  /** True when this request trips (or is inside) a DataDome block. */
  private burstBlocks(client: string, now: number): boolean {
    const until = this.blockedUntil.get(client);
    if (until !== undefined && until > now) return true;
    if (!this.burst) return false;
    const since = now - this.burst.windowSeconds * 1000;
    const times = (this.seen.get(client) ?? []).filter((t) => t > since);
    times.push(now);
    this.seen.set(client, times);
    if (times.length <= this.burst.limit) return false;
    this.blockedUntil.set(client, now + this.burst.blockSeconds * 1000);
    return true;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const client = cookiesOf(req).anon_id ?? req.socket.remoteAddress ?? "?";
      if (this.burstBlocks(client, Date.now())) return datadomeBlock(res);
      const fault = this.take(req.method, `${req.baseUrl}${req.path}`);
      if (!fault) return next();
      switch (fault.type) {
        case "blocked":
          return datadomeBlock(res);
        case "rate_limited":
          if (fault.retryAfterSeconds !== null) {
            res.setHeader("Retry-After", String(fault.retryAfterSeconds));
          }
          res
            .status(429)
            .json({ code: 106, message: "Too many requests", message_code: "rate_limit" });
          return;
        case "server_error":
          res
            .status(fault.status)
            .type("html")
            .send("<html><body><h1>Something went wrong</h1></body></html>");
          return;
        case "timeout":
          // Hold the request; answer nothing unless the client is still there much later.
          return this.later(fault.delayMs, () => {
            if (!res.writableEnded && !req.socket.destroyed) res.socket?.destroy();
          });
        case "slow":
          return this.later(fault.delayMs, next);
        case "malformed":
          res
            .status(200)
            .type("json")
            .send(fault.body ?? '{"item": {"id": 12');
          return;
      }
    };
  }
}
