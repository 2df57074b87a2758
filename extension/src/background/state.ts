// What the extension remembers (chrome.storage.local): its pairing and, per Vinted site, the
// last sync. The device token lives here only; it is never shown or logged.

export interface Pairing {
  engineUrl: string;
  deviceId: string;
  deviceToken: string;
  pairedAt: string;
}

export interface SiteSync {
  /** Sent and accepted by the engine. */
  ok: boolean;
  username: string | null;
  lastSyncAt: string | null;
  /** What went wrong last time, for the popup. */
  error: string | null;
  /** Hash of the last session sent, so an unchanged session is not sent again. */
  fingerprint: string | null;
}

export interface ExtensionState {
  pairing?: Pairing;
  sites: Record<string, SiteSync>;
  shopName?: string;
  engineConnected?: boolean;
}

export interface StateStore {
  read(): Promise<ExtensionState>;
  write(patch: Partial<ExtensionState>): Promise<void>;
  clear(): Promise<void>;
}

export const EMPTY_STATE: ExtensionState = { sites: {} };
