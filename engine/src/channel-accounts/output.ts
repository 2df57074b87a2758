import { z } from "zod";

/** A channel account as the API shows it: never its credentials. */
export const ChannelAccount = z
  .object({
    id: z.uuid(),
    platform: z.string(),
    domain: z.string().nullable(),
    externalUserId: z.string().nullable(),
    username: z.string().nullable(),
    status: z.enum(["connected", "reconnect_needed", "paused", "disconnected"]),
    statusReason: z.string().nullable(),
    pausedUntil: z.iso.datetime().nullable(),
    pacingMaxActions: z.number().int(),
    pacingWindowSeconds: z.number().int(),
    relayMode: z.boolean().meta({
      description: "The seller's browser extension performs this account's queued actions",
    }),
    relaySince: z.iso
      .datetime()
      .nullable()
      .meta({ description: "When relay mode came on (null while it is off)" }),
    relayReason: z.string().nullable().meta({
      description:
        "Vinted's refusal when Stoflow turned relay mode on by itself; null when the seller did",
    }),
    hasSession: z.boolean().meta({ description: "The engine holds credentials for it" }),
    lastSeenAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "When the extension last sent a session" }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ChannelAccount" });
export type ChannelAccount = z.infer<typeof ChannelAccount>;
