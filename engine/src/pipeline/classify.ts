// Every failure of a marketplace action is decided here, and only here.
import { ChannelError } from "../channels/channel.ts";

export type Decision =
  /** Try again later with backoff (pg-boss retry); the listing stays in progress. */
  | { kind: "retry"; message: string; errorKind: string }
  /** Stop: the listing goes to error with the message kept. */
  | { kind: "fail"; message: string; errorKind: string; exhausted: boolean }
  /** Hold the whole account until `until`; the job waits, it is not burned. */
  | { kind: "pause"; message: string; until: Date; cooldownLevel: number }
  /** The seller must reconnect the account; jobs wait for it. */
  | { kind: "reconnect"; message: string };

export interface Attempt {
  /** This attempt, from 1. */
  number: number;
  max: number;
  now: Date;
  /** The account's current cool-down level (0 when it was never paused). */
  cooldownLevel: number;
  cooldownsSeconds: readonly number[];
}

const INTERNAL =
  "Stoflow could not complete this action because of an internal error; it will try again.";

export function classify(error: unknown, attempt: Attempt): Decision {
  const lastAttempt = attempt.number >= attempt.max;
  if (!(error instanceof ChannelError)) {
    // A bug or an unexpected answer: retried like a network error; details go to the log only.
    return lastAttempt
      ? { kind: "fail", message: INTERNAL, errorKind: "internal", exhausted: true }
      : { kind: "retry", message: INTERNAL, errorKind: "internal" };
  }
  if (error.reason === "session_expired") return { kind: "reconnect", message: error.message };
  const rateLimited = error.reason === "rate_limited";
  if (error.kind === "account" || rateLimited) {
    if (rateLimited && error.retryAfterSeconds !== undefined) {
      // The marketplace said when: wait exactly that, without climbing the ladder.
      const until = new Date(attempt.now.getTime() + error.retryAfterSeconds * 1000);
      return { kind: "pause", message: error.message, until, cooldownLevel: attempt.cooldownLevel };
    }
    const ladder = attempt.cooldownsSeconds;
    const step = ladder[Math.min(attempt.cooldownLevel, ladder.length - 1)] ?? 3_600;
    const until = new Date(attempt.now.getTime() + step * 1000);
    return {
      kind: "pause",
      message: error.message,
      until,
      cooldownLevel: attempt.cooldownLevel + 1,
    };
  }
  if (error.kind === "permanent") {
    return { kind: "fail", message: error.message, errorKind: error.reason, exhausted: false };
  }
  return lastAttempt
    ? { kind: "fail", message: error.message, errorKind: error.reason, exhausted: true }
    : { kind: "retry", message: error.message, errorKind: error.reason };
}
