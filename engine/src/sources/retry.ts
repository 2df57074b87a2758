// Retrying a shop call, once for every provider: retryable SourceErrors (network, 5xx, 429,
// truncated answers) wait and go again with growing delays, honouring Retry-After.
import { SourceError } from "./source.ts";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Runs `call` until it succeeds, fails for good, or the attempts are spent. */
export async function retrying<T>(
  call: () => Promise<T>,
  options: { policy?: RetryPolicy; signal?: AbortSignal } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof SourceError && error.kind === "retryable";
      if (!retryable || attempt >= policy.attempts || options.signal?.aborted) throw error;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jitter = backoff * (0.5 + Math.random() / 2);
      const asked = (error.retryAfterSeconds ?? 0) * 1000;
      await sleep(Math.min(policy.maxDelayMs, Math.max(jitter, asked)), options.signal);
    }
  }
}
