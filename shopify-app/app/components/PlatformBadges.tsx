import { Badge, InlineStack } from "@shopify/polaris";
import type { Schemas } from "@stoflow/client";
import { useT } from "../i18n";
import type { MessageKey } from "../i18n/en";

export const PLATFORMS = ["vinted", "ebay", "etsy"] as const;

type Tone = "success" | "attention" | "critical" | "info" | undefined;
const TONES: Record<string, Tone> = {
  published: "success",
  sold: "info",
  error: "critical",
  queued: "attention",
  publishing: "attention",
  updating: "attention",
  delisting: "attention",
};

/** One badge per platform: where the product is listed, and how it is going. */
export function PlatformBadges({ listings }: { listings: Schemas["ProductListing"][] }) {
  const t = useT();
  return (
    <InlineStack gap="100" wrap={false}>
      {PLATFORMS.map((platform) => {
        const state = listings.find((l) => l.platform === platform)?.state;
        const label = `${t(`platform.${platform}` as MessageKey)}: ${t(`state.${state ?? "none"}` as MessageKey)}`;
        return (
          <Badge key={platform} tone={state ? TONES[state] : undefined}>
            {label}
          </Badge>
        );
      })}
    </InlineStack>
  );
}
