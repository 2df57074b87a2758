// Answers queued on demand for the next completions: 429 (with Retry-After), 5xx, slow
// answers, hangs, and invalid JSON in the message content.
import { z } from "zod";

export const faultSchema = z.object({
  type: z.enum(["rate_limited", "server_error", "slow", "timeout", "malformed"]),
  count: z.number().int().positive().default(1),
  /** server_error: the status (500 by default). */
  status: z.number().int().min(500).max(599).default(500),
  /** rate_limited: Retry-After in seconds; omitted when null. */
  retryAfterSeconds: z.number().nonnegative().nullable().default(1),
  /** slow: delay before the normal answer; timeout: how long the request hangs. */
  delayMs: z.number().int().nonnegative().default(5_000),
  /** malformed: the message content sent instead of the JSON (default: cut-off JSON). */
  content: z.string().optional(),
});
export type Fault = z.infer<typeof faultSchema>;

export class Faults {
  private queue: Fault[] = [];

  add(fault: Fault): void {
    this.queue.push(fault);
  }

  pending(): Fault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  clear(): void {
    this.queue = [];
  }

  take(): Fault | undefined {
    const fault = this.queue[0];
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.queue.shift();
    return { ...fault };
  }
}
