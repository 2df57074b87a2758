// Vinted's answers and fetch failures as ChannelErrors the pipeline acts on.

import { z } from "zod";
import { ChannelError } from "../channel.ts";

const REMOTE_MAX = 2000;

/** Vinted's business error: `{code, message, message_code, errors: [{field, value}]}`. */
const businessErrorSchema = z.object({
  code: z.number().optional(),
  message: z.string(),
  message_code: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
});

function trimmed(text: string): string {
  return text.length > REMOTE_MAX ? `${text.slice(0, REMOTE_MAX)}…` : text;
}

/** The body as JSON when it is JSON, else its text, cut to a size fit for an event log. */
export function remoteOf(status: number, text: string): { status: number; body: unknown } {
  try {
    return { status, body: JSON.parse(text) };
  } catch {
    return { status, body: trimmed(text) };
  }
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Any answer that is not a 2xx. */
export function errorFromStatus(status: number, headers: Headers, text: string): ChannelError {
  const remote = remoteOf(status, text);
  if (status === 401) {
    return new ChannelError(
      "Your Vinted session has expired. Reconnect Vinted with the Stoflow browser extension.",
      { kind: "account", reason: "session_expired", status, remote },
    );
  }
  if (status === 403) {
    return new ChannelError(
      "Vinted is blocking requests from this account (anti-bot check). Stoflow pauses it; " +
        "open Vinted in your browser and reconnect if it persists.",
      { kind: "account", reason: "blocked", status, remote },
    );
  }
  if (status === 429) {
    return new ChannelError("Vinted asks to slow down; Stoflow will try again later.", {
      kind: "retryable",
      reason: "rate_limited",
      status,
      retryAfterSeconds: retryAfterSeconds(headers.get("retry-after")),
      remote,
    });
  }
  if (status >= 500 || status === 408) {
    return new ChannelError(`Vinted had a problem (HTTP ${status}); Stoflow will try again.`, {
      kind: "retryable",
      reason: status === 408 ? "timeout" : "server",
      status,
      remote,
    });
  }
  if (status === 404) {
    return new ChannelError("This item no longer exists on Vinted (sold, reserved or deleted).", {
      kind: "permanent",
      reason: "not_found",
      status,
      remote,
    });
  }
  if (status >= 400) {
    const business = businessErrorSchema.safeParse(remote.body);
    const why = business.success ? business.data.message : `HTTP ${status}`;
    return new ChannelError(`Vinted refused the listing: ${why}`, {
      kind: "permanent",
      reason: "validation",
      status,
      remote,
    });
  }
  return new ChannelError(`Vinted answered with an unexpected HTTP ${status}.`, {
    kind: "permanent",
    reason: "malformed",
    status,
    remote,
  });
}

/** A 2xx whose `code` is not 0: Vinted's way of refusing inside a success. */
export function errorFromCode(status: number, body: unknown): ChannelError | undefined {
  const business = businessErrorSchema.safeParse(body);
  const code = (body as { code?: unknown } | null)?.code;
  if (typeof code !== "number" || code === 0) return undefined;
  const why = business.success ? business.data.message : `code ${code}`;
  return new ChannelError(`Vinted refused the listing: ${why}`, {
    kind: "permanent",
    reason: "validation",
    status,
    remote: { status, body },
  });
}

/** A body that is not JSON at all: possibly a cut connection or a proxy page, so retry. */
export function unreadableBody(status: number, text: string): ChannelError {
  return new ChannelError("Vinted sent an answer Stoflow could not read; it will try again.", {
    kind: "retryable",
    reason: "malformed",
    status,
    remote: { status, body: trimmed(text) },
  });
}

/** JSON of the wrong shape: Vinted changed its protocol; retrying would not help. */
export function unexpectedShape(status: number, body: unknown, issues: string): ChannelError {
  return new ChannelError(
    "Vinted answered in a form Stoflow does not recognise (Vinted may have changed); " +
      "the Stoflow team needs to update the Vinted connection.",
    { kind: "permanent", reason: "malformed", status, remote: { status, body, issues } },
  );
}

/** fetch failed before any answer: timeout (our AbortSignal) or the network. */
export function errorFromFailure(error: unknown): ChannelError {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new ChannelError("Vinted did not answer in time; Stoflow will try again.", {
      kind: "retryable",
      reason: "timeout",
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new ChannelError("Stoflow could not reach Vinted; it will try again.", {
    kind: "retryable",
    reason: "network",
    remote: { error: cause?.code ?? cause?.message ?? (error as Error).message },
  });
}
