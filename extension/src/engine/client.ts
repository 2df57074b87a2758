// The engine's device operations, as the extension calls them. Errors carry the engine's
// problem+json `detail`, written for the seller, so the popup can show it as is.

import type { SessionUpload } from "../vinted/capture.ts";

export class EngineError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "EngineError";
    this.status = status;
  }
  /** The device token no longer works: the extension is unpaired. */
  get unpaired(): boolean {
    return this.status === 401;
  }
}

export interface SessionStatus {
  connected: boolean;
  username: string | null;
  domain: string | null;
  lastSyncAt: string | null;
  status: string | null;
}

export interface RelayAction {
  id: string;
  accountId: string;
  domain: string;
  action: "publish" | "update" | "delist";
  externalId: string | null;
  reconcile: boolean;
  payload: RelayPayload | null;
}

/** A page of the seller's wardrobe to read and report: a relay account's sales poll. */
export interface RelayPoll {
  id: string;
  accountId: string;
  domain: string;
  action: "poll-sales";
  userId: string;
  page: number;
  perPage: number;
}

export interface RelayPayload {
  title: string;
  description: string;
  price: string;
  currency: string;
  catalogId: number;
  brandId: number | null;
  brandName: string | null;
  sizeId: number | null;
  statusId: number;
  colorIds: number[];
  packageSizeId: number;
  photos: { contentType: string; data: string }[]; // base64
}

export interface RelayStatus {
  shop: { name: string };
  device: { name: string };
  accounts: { id: string; domain: string | null; username: string | null; pending: number }[];
}

export type RelayNext =
  | { action: RelayAction | RelayPoll; retryAt?: undefined }
  | { action: null; retryAt: string | null };

export type RelayOutcome =
  | { outcome: "done"; item?: { id: string; url: string; title?: string; price?: string } }
  | { outcome: "failed"; kind: "retryable" | "permanent"; message: string; status?: number }
  | {
      outcome: "blocked" | "session_expired" | "rate_limited";
      message: string;
      status?: number;
      retryAfterSeconds?: number;
    };

/** What a wardrobe page showed (item id and state), or why it could not be read. */
export type RelayPollReport =
  | {
      outcome: "read";
      items: { id: string; state: "active" | "hidden" | "reserved" | "sold" | "closed" }[];
      totalPages: number;
    }
  | Exclude<RelayOutcome, { outcome: "done" }>;

async function problemMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => undefined)) as
    | { detail?: string; title?: string }
    | undefined;
  return body?.detail ?? body?.title ?? `The engine answered ${res.status}.`;
}

export class EngineClient {
  readonly base: string;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(base: string, token?: string, fetchImpl?: typeof fetch) {
    this.base = base;
    this.token = token;
    // Bound: a browser's fetch called as a method of another object throws "Illegal invocation".
    this.fetchImpl = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        credentials: "omit",
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new EngineError(0, `Stoflow at ${this.base} cannot be reached.`);
    }
    if (!res.ok) throw new EngineError(res.status, await problemMessage(res));
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  pair(code: string, deviceName: string): Promise<{ deviceId: string; deviceToken: string }> {
    return this.call("POST", "/api/v1/channels/pair", { code, deviceName });
  }

  uploadSession(upload: SessionUpload): Promise<{ id: string; username: string | null }> {
    return this.call("PUT", "/api/v1/channels/vinted/session", upload);
  }

  sessionStatus(domain?: string): Promise<SessionStatus> {
    const query = domain ? `?domain=${encodeURIComponent(domain)}` : "";
    return this.call("GET", `/api/v1/channels/vinted/session${query}`);
  }

  unpair(): Promise<void> {
    return this.call("DELETE", "/api/v1/channels/devices/current");
  }

  relayStatus(): Promise<RelayStatus> {
    return this.call("GET", "/api/v1/relay/status");
  }

  nextRelayAction(): Promise<RelayNext> {
    return this.call("POST", "/api/v1/relay/actions/next", {});
  }

  reportRelayOutcome(id: string, outcome: RelayOutcome): Promise<void> {
    return this.call("POST", `/api/v1/relay/actions/${encodeURIComponent(id)}/outcome`, outcome);
  }

  reportRelayPoll(id: string, report: RelayPollReport): Promise<{ sold: number; done: boolean }> {
    return this.call("POST", `/api/v1/relay/polls/${encodeURIComponent(id)}/outcome`, report);
  }
}
