import type { Schemas } from "@stoflow/client";

/** What survives a reload: the tokens and who they belong to (localStorage, one per browser). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is refreshed before use. */
  expiresAt: number;
  user: Schemas["User"] | null;
  tenant: Schemas["Tenant"];
  role: Schemas["Session"]["role"];
}

const KEY = "stoflow.session";

export function readSession(): StoredSession | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function writeSession(session: StoredSession | null): void {
  if (session) globalThis.localStorage?.setItem(KEY, JSON.stringify(session));
  else globalThis.localStorage?.removeItem(KEY);
}

/** Refresh a little before the engine would refuse the token. */
export const expiryOf = (expiresInSeconds: number, now = Date.now()) =>
  now + Math.max(0, expiresInSeconds - 30) * 1000;
