// Fault injection for the REST API (never /__sandbox or wc-auth): queued faults for precise
// tests, a random rate of faults for soak tests, and a per-key request rate limit.
import type { NextFunction, Request, Response } from "express";
import { z } from "zod";
import { wcError } from "./answers.ts";

export const FAULT_TYPES = [
  "server_error",
  "rate_limited",
  "timeout",
  "reset",
  "truncated",
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const faultSchema = z.object({
  type: z.enum(FAULT_TYPES),
  count: z.number().int().positive().default(1),
  /** Only requests whose REST route (e.g. /wc/v3/products) starts with this. */
  path: z.string().startsWith("/").optional(),
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .optional(),
  status: z.number().int().min(500).max(599).default(500),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
  delayMs: z.number().int().nonnegative().default(30_000),
});
export type Fault = z.infer<typeof faultSchema>;

export const randomFaultsSchema = z.object({
  /** Share of REST requests that fail (0.05: one in twenty). */
  rate: z.number().min(0).max(1),
  types: z
    .array(z.enum(FAULT_TYPES))
    .min(1)
    .default(["server_error", "rate_limited", "truncated", "reset"]),
  /** timeout faults hang this long. */
  delayMs: z.number().int().nonnegative().default(2_000),
});
export type RandomFaults = z.infer<typeof randomFaultsSchema>;

export const rateLimitSchema = z.object({
  /** Requests allowed per key within `windowSeconds`; more answer 429 with Retry-After. */
  limit: z.number().int().positive(),
  windowSeconds: z.number().positive(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export class Faults {
  private queue: Fault[] = [];
  random: RandomFaults | undefined;
  rateLimit: RateLimit | undefined;
  injected = 0;
  private readonly windows = new Map<string, number[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  add(fault: Fault) {
    this.queue.push(fault);
  }

  pending(): Fault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear() {
    this.queue = [];
    this.random = undefined;
    this.rateLimit = undefined;
    this.windows.clear();
  }

  dispose() {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private take(method: string, route: string): Fault | undefined {
    const at = this.queue.findIndex(
      (f) => (!f.path || route.startsWith(f.path)) && (!f.method || f.method === method),
    );
    if (at >= 0) {
      const fault = this.queue[at] as Fault;
      if (--fault.count <= 0) this.queue.splice(at, 1);
      return fault;
    }
    if (this.random && Math.random() < this.random.rate) {
      const types = this.random.types;
      const type = types[Math.floor(Math.random() * types.length)] as FaultType;
      return faultSchema.parse({
        type,
        status: Math.random() < 0.5 ? 500 : 503,
        delayMs: this.random.delayMs,
      });
    }
    return undefined;
  }

  private limited(client: string): number | undefined {
    const rule = this.rateLimit;
    if (!rule) return undefined;
    const now = Date.now();
    const since = now - rule.windowSeconds * 1000;
    const times = (this.windows.get(client) ?? []).filter((t) => t > since);
    if (times.length >= rule.limit) {
      this.windows.set(client, times);
      return Math.max(1, Math.ceil(((times[0] as number) - since) / 1000));
    }
    times.push(now);
    this.windows.set(client, times);
    return undefined;
  }

  /** `routeOf` gives the REST route of a request (/wc/v3/...). */
  middleware(routeOf: (req: Request) => string) {
    return (req: Request, res: Response, next: NextFunction) => {
      const client = String(req.query.oauth_consumer_key ?? req.headers.authorization ?? req.ip);
      const wait = this.limited(client);
      if (wait !== undefined) {
        this.injected++;
        res.setHeader("Retry-After", String(wait));
        return wcError(
          res,
          429,
          "woocommerce_rest_too_many_requests",
          "Too many requests. Please wait and try again.",
        );
      }
      const fault = this.take(req.method, routeOf(req));
      if (!fault) return next();
      this.injected++;
      switch (fault.type) {
        case "server_error":
          return wcError(
            res,
            fault.status,
            "internal_server_error",
            "There has been a critical error on this website.",
          );
        case "rate_limited":
          res.setHeader("Retry-After", String(fault.retryAfterSeconds));
          return wcError(
            res,
            429,
            "woocommerce_rest_too_many_requests",
            "Too many requests. Please wait and try again.",
          );
        case "reset":
          return req.socket.destroy();
        case "timeout": {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            req.socket.destroy();
          }, fault.delayMs);
          this.timers.add(timer);
          return;
        }
        case "truncated": {
          // The answer is cut short, as a proxy dropping the connection mid-body would.
          const json = res.json.bind(res);
          res.json = (body: unknown) => {
            const text = JSON.stringify(body);
            res.type("application/json").send(text.slice(0, Math.floor(text.length / 2)));
            return res;
          };
          void json;
          return next();
        }
      }
    };
  }
}
