// Keeps the engine's copy of the seller's Vinted sessions fresh: capture every logged-in
// site, send what changed, and show the result on the badge. Cookie changes arrive in bursts
// (a login sets five cookies), so each site's sync waits for the burst to end.

import { EngineClient, EngineError } from "../engine/client.ts";
import { type CaptureDeps, captureSession, type SessionUpload } from "../vinted/capture.ts";
import { VINTED_DOMAINS, type VintedDomain } from "../vinted/domains.ts";
import type { BadgeSink } from "./badge.ts";
import type { SiteSync, StateStore } from "./state.ts";

export interface SyncDeps {
  store: StateStore;
  capture: CaptureDeps;
  badge: BadgeSink;
  fetchEngine?: typeof fetch;
  now?: () => Date;
  debounceMs?: number;
}

async function fingerprint(upload: SessionUpload): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(upload));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class SessionSync {
  private readonly deps: SyncDeps;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(deps: SyncDeps) {
    this.deps = deps;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async engine(): Promise<EngineClient | undefined> {
    const { pairing } = await this.deps.store.read();
    return (
      pairing && new EngineClient(pairing.engineUrl, pairing.deviceToken, this.deps.fetchEngine)
    );
  }

  /** Sync one site after the cookie burst settles. */
  schedule(domain: VintedDomain): void {
    clearTimeout(this.timers.get(domain));
    this.timers.set(
      domain,
      setTimeout(() => {
        this.timers.delete(domain);
        void this.syncSite(domain);
      }, this.deps.debounceMs ?? 1500),
    );
  }

  /** Every site, e.g. at browser start; `force` re-sends unchanged sessions. */
  async syncAll(force = false): Promise<void> {
    await Promise.all(VINTED_DOMAINS.map((domain) => this.syncSite(domain, force)));
    await this.refreshBadge();
  }

  /** One site at a time: a sync asked while one runs waits for it, then runs. */
  syncSite(domain: VintedDomain, force = false): Promise<void> {
    const previous = this.running.get(domain) ?? Promise.resolve();
    const next = previous.then(() => this.runSite(domain, force));
    this.running.set(domain, next);
    return next.finally(() => {
      if (this.running.get(domain) === next) this.running.delete(domain);
    });
  }

  private async runSite(domain: VintedDomain, force: boolean): Promise<void> {
    const state = await this.deps.store.read();
    const before = state.sites[domain];
    const result = await captureSession(domain, this.deps.capture);
    if (result.kind === "logged_out") {
      // Logged out of this site: nothing to show for it until the seller logs in again.
      if (before) {
        const { sites } = await this.deps.store.read();
        delete sites[domain];
        await this.deps.store.write({ sites });
      }
      return;
    }
    if (result.kind === "error") {
      await this.saveSite(domain, { ...emptySite(before), ok: false, error: result.message });
      return;
    }
    const print = await fingerprint(result.upload);
    const client = await this.engine();
    if (!client) {
      // Not paired yet: remember who is logged in, send once paired.
      await this.saveSite(domain, {
        ...emptySite(before),
        username: result.upload.username,
        ok: false,
        error: null,
      });
      return;
    }
    if (!force && before?.ok && before.fingerprint === print) return;
    try {
      await client.uploadSession(result.upload);
      await this.saveSite(domain, {
        ok: true,
        username: result.upload.username,
        lastSyncAt: this.now().toISOString(),
        error: null,
        fingerprint: print,
      });
    } catch (error) {
      if (error instanceof EngineError && error.unpaired) return this.forgetPairing();
      await this.saveSite(domain, {
        ...emptySite(before),
        username: result.upload.username,
        ok: false,
        error: (error as Error).message,
      });
    }
    await this.refreshBadge();
  }

  private async saveSite(domain: string, site: SiteSync): Promise<void> {
    const { sites } = await this.deps.store.read();
    await this.deps.store.write({ sites: { ...sites, [domain]: site } });
  }

  /** Asks the engine whether it holds a working session, and shows it. */
  async refreshBadge(): Promise<void> {
    const client = await this.engine();
    if (!client) return this.deps.badge.show("unpaired", "Stoflow: not paired");
    try {
      const status = await client.sessionStatus();
      // The shop's name for the popup; an older engine without the relay answers 404.
      const shop = await client.relayStatus().then(
        (relay) => relay.shop.name,
        () => undefined,
      );
      await this.deps.store.write({
        engineConnected: status.connected,
        ...(shop ? { shopName: shop } : {}),
      });
      await this.deps.badge.show(
        status.connected ? "connected" : "broken",
        status.connected
          ? `Stoflow: Vinted @${status.username ?? ""}`
          : "Stoflow: no working Vinted session",
      );
    } catch (error) {
      if (error instanceof EngineError && error.unpaired) return this.forgetPairing();
      await this.deps.badge.show("broken", `Stoflow: ${(error as Error).message}`);
    }
  }

  /** Local forget: what an engine-side unpair (or a revoked token) leaves behind. */
  async forgetPairing(): Promise<void> {
    await this.deps.store.clear();
    await this.deps.badge.show("unpaired", "Stoflow: not paired");
  }

  /** The seller's "Disconnect": revoke the token on the engine, then forget it. */
  async unpair(): Promise<void> {
    const client = await this.engine();
    try {
      await client?.unpair();
    } catch (error) {
      // Already revoked, or the engine is gone: the local pairing goes either way.
      if (!(error instanceof EngineError)) throw error;
    }
    await this.forgetPairing();
  }
}

function emptySite(site: SiteSync | undefined): SiteSync {
  return site ?? { ok: false, username: null, lastSyncAt: null, error: null, fingerprint: null };
}
