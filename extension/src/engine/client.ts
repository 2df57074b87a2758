// The engine's device operations, as the extension calls them. Errors carry the engine's
// problem+json `detail`, written for the seller, so the popup can show it as is.

import type { Schemas } from "@stoflow/client";
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

// The answers' and bodies' types are the engine's own (the generated @stoflow/client schema).
export type SessionStatus = Schemas["VintedSessionStatus"];
export type RelayAction = Schemas["RelayAction"];
/** A page of the seller's wardrobe to read and report: a relay account's sales poll. */
export type RelayPoll = Schemas["RelayPoll"];
export type RelayPayload = Schemas["RelayPayload"];
export type RelayStatus = Schemas["RelayStatus"];
export type RelayNext = Schemas["RelayHandout"];
export type RelayOutcome = Schemas["RelayOutcome"];
/** What a wardrobe page showed (item id and state), or why it could not be read. */
export type RelayPollReport = Schemas["RelayPollReport"];

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
