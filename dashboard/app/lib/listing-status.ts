import type { Schemas } from "@stoflow/client";

export type ListingState = Schemas["Listing"]["state"];
/** What a seller sees of a listing's state: five chips instead of nine states. */
export type ChipKind = "toPublish" | "inProgress" | "published" | "error" | "sold" | "delisted";
export type Severity = "secondary" | "info" | "success" | "danger" | "warn" | "contrast";

const KIND: Record<ListingState, ChipKind> = {
  draft: "toPublish",
  queued: "inProgress",
  publishing: "inProgress",
  updating: "inProgress",
  delisting: "inProgress",
  published: "published",
  error: "error",
  sold: "sold",
  delisted: "delisted",
};

const SEVERITY: Record<ChipKind, Severity> = {
  toPublish: "secondary",
  inProgress: "info",
  published: "success",
  error: "danger",
  sold: "contrast",
  delisted: "warn",
};

export const chipKind = (state: ListingState | undefined): ChipKind =>
  state ? KIND[state] : "toPublish";
export const chipSeverity = (kind: ChipKind): Severity => SEVERITY[kind];

/** Platforms a product can be published on today, in display order. */
export const PUBLISH_PLATFORMS = ["vinted"] as const;

export interface PlatformChip {
  platform: string;
  kind: ChipKind;
  severity: Severity;
}

/**
 * One chip per platform: every publishable platform (to publish when it has no listing yet),
 * then any other platform the product has listings on. With several accounts on one platform,
 * the most telling state wins (error, then in progress, published, sold, delisted).
 */
export function platformChips(
  listings: { platform: string; state: ListingState }[],
): PlatformChip[] {
  const rank: ChipKind[] = ["error", "inProgress", "published", "sold", "delisted", "toPublish"];
  const best = new Map<string, ChipKind>();
  for (const l of listings) {
    const kind = chipKind(l.state);
    const current = best.get(l.platform);
    if (!current || rank.indexOf(kind) < rank.indexOf(current)) best.set(l.platform, kind);
  }
  const platforms = [
    ...PUBLISH_PLATFORMS,
    ...[...best.keys()].filter((p) => !PUBLISH_PLATFORMS.includes(p as never)),
  ];
  return platforms.map((platform) => {
    const kind = best.get(platform) ?? "toPublish";
    return { platform, kind, severity: chipSeverity(kind) };
  });
}

/** States a seller can act on. */
export const canRetry = (state: ListingState) => state === "error";
export const canDelist = (state: ListingState) =>
  state === "published" || state === "error" || state === "updating";
