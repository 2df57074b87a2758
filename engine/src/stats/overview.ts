import { type Db, withTenant } from "@stoflow/db";
import { problems } from "../http/problem.ts";
import { INVALID_PARAMETER_VALUE, postgresErrorCode } from "../postgres-errors.ts";
import { type DayCounts, dailySeries } from "./daily-series.ts";
import { listingCounts } from "./listing-counts.ts";
import { type PacingUse, pacingUse } from "./pacing.ts";

export interface Stats {
  timeZone: string;
  publishedToday: number;
  pending: number;
  errors: number;
  pacing: PacingUse[];
  series: DayCounts[];
}

/** The dashboard's figures, read in one transaction so they agree with each other. */
export async function statsOf(db: Db, tenantId: number, timeZone: string): Promise<Stats> {
  try {
    return await withTenant(db, tenantId, async (tx) => {
      const counts = await listingCounts(tx);
      const pacing = await pacingUse(tx);
      const series = await dailySeries(tx, timeZone);
      return {
        timeZone,
        publishedToday: series.at(-1)?.published ?? 0,
        ...counts,
        pacing,
        series,
      };
    });
  } catch (error) {
    // A zone name the runtime knows but this PostgreSQL's time zone data does not.
    if (postgresErrorCode(error) === INVALID_PARAMETER_VALUE) {
      throw problems.badRequest(`Unknown time zone: ${timeZone}.`);
    }
    throw error;
  }
}
