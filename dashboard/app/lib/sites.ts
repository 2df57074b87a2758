import type { Schemas } from "@stoflow/client";

type Site = Schemas["Site"];

/** Revoked; live and already heard from; or live but the plugin has not called yet. */
export type SiteState = "revoked" | "active" | "waiting";

export function siteState(site: Pick<Site, "revokedAt" | "lastSeenAt">): SiteState {
  if (site.revokedAt) return "revoked";
  return site.lastSeenAt ? "active" : "waiting";
}

/** Live sites first, then revoked ones; newest first within each (the API's order). */
export function sitesForDisplay<T extends Pick<Site, "revokedAt" | "createdAt">>(sites: T[]): T[] {
  return [...sites].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      b.createdAt.localeCompare(a.createdAt),
  );
}
