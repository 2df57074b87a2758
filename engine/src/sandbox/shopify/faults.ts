// Fault injection for the Admin API and result files: queued faults (the next N matching
// requests) and a random rate (each request fails with probability `rate`). Never applies to
// /__sandbox.

import type { NextFunction, Request, Response } from "express";
import { z } from "zod";

export const FAULT_TYPES = [
  "server_error",
  "rate_limited",
  "throttled",
  "timeout",
  "truncated",
] as const;
type FaultType = (typeof FAULT_TYPES)[number];

export const faultSchema = z.object({
  type: z.enum(FAULT_TYPES),
  count: z.number().int().positive().default(1),
  /** Only requests whose path starts with this (e.g. /bulk-results). */
  path: z.string().startsWith("/").optional(),
  status: z.number().int().min(500).max(599).default(503),
  retryAfterSeconds: z.number().nonnegative().default(1),
  delayMs: z.number().int().nonnegative().default(30_000),
});
export type Fault = z.infer<typeof faultSchema>;

export const faultRateSchema = z.object({
  rate: z.number().min(0).max(1),
  types: z.array(z.enum(FAULT_TYPES)).min(1).default(["server_error", "rate_limited", "throttled"]),
  seed: z.number().int().default(42),
});
export type FaultRate = z.infer<typeof faultRateSchema>;

export class Faults {
  private queue: Fault[] = [];
  private rate: FaultRate | undefined;
  private rnd = Math.random;
  private readonly timers = new Set<NodeJS.Timeout>();
  injected = 0;

  add(fault: Fault): void {
    this.queue.push(fault);
  }

  setRate(rate: FaultRate | undefined): void {
    this.rate = rate;
    if (rate) {
      let a = rate.seed >>> 0;
      this.rnd = () => {
        a = (a * 1664525 + 1013904223) >>> 0;
        return a / 4294967296;
      };
    }
  }

  pending() {
    return {
      queued: this.queue.map((f) => ({ ...f })),
      rate: this.rate ?? null,
      injected: this.injected,
    };
  }

  clear(): void {
    this.queue = [];
    this.rate = undefined;
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private take(path: string): Fault | undefined {
    const at = this.queue.findIndex((f) => !f.path || path.startsWith(f.path));
    if (at >= 0) {
      const fault = this.queue[at] as Fault;
      fault.count--;
      if (fault.count <= 0) this.queue.splice(at, 1);
      return fault;
    }
    if (this.rate && this.rnd() < this.rate.rate) {
      const type = this.rate.types[Math.floor(this.rnd() * this.rate.types.length)] as FaultType;
      return faultSchema.parse({ type });
    }
    return undefined;
  }

  /** A `throttled` fault is answered by the Admin API itself, with the query's real cost. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const fault = this.take(`${req.baseUrl}${req.path}`);
      if (!fault) return next();
      this.injected++;
      switch (fault.type) {
        case "server_error":
          res
            .status(fault.status)
            .type("json")
            .send(JSON.stringify({ errors: "Internal Server Error" }));
          return;
        case "rate_limited":
          res.setHeader("Retry-After", fault.retryAfterSeconds.toFixed(1));
          res.status(429).json({
            errors:
              "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
          });
          return;
        case "throttled":
          res.locals.forceThrottled = true;
          return next();
        case "truncated":
          cutHalfway(res);
          return next();
        case "timeout": {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (!res.writableEnded) res.socket?.destroy();
          }, fault.delayMs);
          this.timers.add(timer);
          return;
        }
      }
    };
  }
}

/** The answer goes out as usual, but the connection drops halfway through its body. */
function cutHalfway(res: Response): void {
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  let sent = 0;
  let cut = false;
  const drop = () => {
    cut = true;
    setImmediate(() => res.socket?.destroy());
  };
  const truncatedWrite = (chunk: unknown): boolean => {
    if (cut) return true;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    const total = Number(res.getHeader("content-length") ?? bytes.length * 2);
    const room = Math.floor(total / 2) - sent;
    if (bytes.length >= room) {
      if (room > 0) write(bytes.subarray(0, room));
      drop();
      return true;
    }
    sent += bytes.length;
    return write(bytes);
  };
  res.write = truncatedWrite as typeof res.write;
  res.end = ((chunk?: unknown) => {
    if (chunk !== undefined && typeof chunk !== "function") truncatedWrite(chunk);
    if (!cut) drop();
    return res;
  }) as typeof res.end;
}
