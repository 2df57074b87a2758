import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { SERIES_DAYS } from "../../stats/daily-series.ts";
import { statsOf } from "../../stats/overview.ts";

// IANA names only ("Europe/Paris", "UTC"): PostgreSQL reads "+01:00" as a POSIX zone, whose
// sign is the opposite of what a person means.
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
const isKnownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const TimeZone = z
  .string()
  .max(64)
  .regex(TIME_ZONE_NAME, { error: "An IANA time zone name, e.g. Europe/Paris." })
  .refine(isKnownZone, { error: "Unknown time zone." });

const Stats = z
  .object({
    timeZone: z.string(),
    publishedToday: z.number().int(),
    pending: z
      .number()
      .int()
      .meta({ description: "Listings queued, publishing, updating or delisting" }),
    errors: z.number().int().meta({ description: "Listings in error" }),
    pacing: z.array(
      z
        .object({
          accountId: z.uuid(),
          platform: z.string(),
          username: z.string().nullable(),
          status: z.string(),
          used: z.number().int().meta({ description: "Marketplace actions in the rolling window" }),
          max: z.number().int(),
          windowSeconds: z.number().int(),
          nextActionAt: z.iso.datetime().optional().meta({
            description: "Present when the account cannot act now (window full or paused)",
          }),
        })
        .meta({ id: "PacingUse" }),
    ),
    series: z.array(
      z
        .object({
          date: z.iso.date(),
          published: z.number().int(),
          sold: z.number().int(),
          errors: z.number().int(),
        })
        .meta({ id: "DayStats" }),
    ),
  })
  .meta({ id: "Stats" });

export function statsOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/stats",
      operationId: "stats",
      summary: `Today's figures, pacing per channel account and a ${SERIES_DAYS}-day series`,
      tags: ["stats"],
      auth: "tenant",
      query: z.strictObject({
        timeZone: TimeZone.optional().meta({ description: "Days are counted in it; default UTC" }),
      }),
      responses: { 200: { description: "The dashboard's figures", schema: Stats } },
      handler: async ({ auth, query }) => ({
        body: await statsOf(ctx.database.db, auth.tenantId, query.timeZone ?? "UTC"),
      }),
    }),
  ];
}
