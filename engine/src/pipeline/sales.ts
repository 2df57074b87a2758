// What every sales poll does with the items it read, whoever read them (a worker, or the
// seller's browser in relay mode): match them to the account's listings a sale may still
// reach and mark sold those sold on the marketplace, through `markSold`.
import { type Tx, tenant } from "@stoflow/db";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { RemoteItem } from "../channels/channel.ts";
import { statesLeadingTo } from "../listings/lifecycle.ts";
import type { Requester } from "../listings/requests.ts";
import { markSold } from "../listings/sold.ts";
import { resetCooldown } from "./account-state.ts";

/** The sold item as the poll read it: what `markSold` records as the response. */
export type SoldItem = Pick<RemoteItem, "id" | "state"> & Partial<RemoteItem>;

/** The listings of the account a sale may still reach, by the marketplace's item id. */
export async function watchedListings(tx: Tx, accountId: string): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: tenant.listings.id, externalId: tenant.listings.externalId })
    .from(tenant.listings)
    .where(
      and(
        eq(tenant.listings.channelAccountId, accountId),
        isNotNull(tenant.listings.externalId),
        inArray(tenant.listings.state, statesLeadingTo("sold")),
      ),
    );
  return new Map(rows.map((r) => [r.externalId as string, r.id]));
}

/** Marks the listing sold unless something else moved it meanwhile; true when it did. */
export async function recordSale(
  r: Requester,
  tx: Tx,
  tenantId: number,
  listingId: string,
  item: SoldItem,
  options: { actor: string; at: Date },
): Promise<boolean> {
  const [listing] = await tx
    .select({ state: tenant.listings.state })
    .from(tenant.listings)
    .where(eq(tenant.listings.id, listingId))
    .for("update");
  if (!listing || !statesLeadingTo("sold").includes(listing.state as never)) return false;
  await markSold(r, tx, tenantId, listingId, {
    actor: options.actor,
    response: item,
    at: options.at,
  });
  return true;
}

/** A poll read the account to the end: it works, and it was seen now. */
export async function markPolled(tx: Tx, accountId: string, now: Date): Promise<void> {
  await resetCooldown(tx, accountId);
  await tx
    .update(tenant.channelAccounts)
    .set({ lastSeenAt: now })
    .where(eq(tenant.channelAccounts.id, accountId));
}
