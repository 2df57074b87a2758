// Vinted calls made with the seller's own browser session (relay mode), and how a refusal
// reads for the engine: the same classification the engine's channel applies.

import type { RelayOutcome } from "../engine/client.ts";
import type { CaptureDeps } from "../vinted/capture.ts";
import type { VintedDomain } from "../vinted/domains.ts";

export interface RelaySession {
  domain: VintedDomain;
  csrfToken: string;
  anonId: string | undefined;
  userId: string;
}

/** Vinted refused a call; `outcome` is what to report. */
export class VintedRefusal extends Error {
  readonly outcome: Exclude<RelayOutcome, { outcome: "done" }>;
  constructor(outcome: Exclude<RelayOutcome, { outcome: "done" }>) {
    super(outcome.message);
    this.outcome = outcome;
  }
}

async function refusal(res: Response): Promise<Exclude<RelayOutcome, { outcome: "done" }>> {
  const body = (await res.json().catch(() => undefined)) as { message?: string } | undefined;
  const message = body?.message ?? `Vinted answered ${res.status}.`;
  const status = res.status;
  if (status === 401) return { outcome: "session_expired", message, status };
  if (status === 403)
    return { outcome: "blocked", message: "Vinted blocked this browser too (403).", status };
  if (status === 429) {
    const after = Number(res.headers.get("retry-after"));
    return {
      outcome: "rate_limited",
      message,
      status,
      ...(Number.isFinite(after) && after > 0 ? { retryAfterSeconds: after } : {}),
    };
  }
  const kind = status >= 500 ? "retryable" : "permanent";
  return { outcome: "failed", kind, message, status };
}

export type VintedRequest = (
  path: string,
  init?: RequestInit & { json?: unknown },
) => Promise<unknown>;

export function vintedRequest(deps: CaptureDeps, session: RelaySession): VintedRequest {
  return async (path, init = {}) => {
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-csrf-token": session.csrfToken,
    };
    if (session.anonId) headers["x-anon-id"] = session.anonId;
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const { json, ...rest } = init;
    const res = await deps.fetchSite(session.domain, path, {
      ...rest,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    if (!res.ok) throw new VintedRefusal(await refusal(res));
    return res.status === 204 ? undefined : res.json();
  };
}
