// What a seller asks of listings (publish, retry, delist): checked, moved and queued in one
// transaction, so a listing is queued if and only if its job exists.
import { type Db, type Tx, tenant, withTenant } from "@stoflow/db";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { problems } from "../http/problem.ts";
import type { PayloadBuilder } from "../pipeline/ports.ts";
import { type ActionJob, sendAction, sendActions } from "../pipeline/queues.ts";
import type { ListingState } from "./lifecycle.ts";
import { type Listing, moveListing } from "./transition.ts";

export interface Requester {
  db: Db;
  boss: PgBoss;
  payloads: PayloadBuilder;
}

const REPUBLISHABLE: ListingState[] = ["draft", "error", "delisted"];

type Account = typeof tenant.channelAccounts.$inferSelect;

async function accountFor(
  tx: Tx,
  platform: string,
  accountId: string | undefined,
): Promise<Account> {
  const accounts = await tx
    .select()
    .from(tenant.channelAccounts)
    .where(
      and(
        eq(tenant.channelAccounts.platform, platform),
        ne(tenant.channelAccounts.status, "disconnected"),
        ...(accountId ? [eq(tenant.channelAccounts.id, accountId)] : []),
      ),
    );
  if (accounts.length === 0) {
    throw accountId
      ? problems.notFound("Channel account")
      : problems.conflict("no-channel-account", `Connect a ${platform} account before publishing.`);
  }
  if (accounts.length > 1) {
    throw problems.badRequest(
      `Several ${platform} accounts are connected: choose one with channelAccountId.`,
    );
  }
  return accounts[0] as Account;
}

/** One product on each platform, in the caller's transaction; the jobs to send are collected. */
async function publishOne(
  r: Requester,
  tx: Tx,
  tenantId: number,
  productId: string,
  platforms: string[],
  options: { channelAccountId?: string; actor: string },
  accounts: Map<string, Account>,
  jobs: ActionJob[],
): Promise<Listing[]> {
  const [product] = await tx
    .select({ revision: tenant.products.revision })
    .from(tenant.products)
    .where(eq(tenant.products.id, productId));
  if (!product) throw problems.notFound("Product");
  const result: Listing[] = [];
  for (const platform of platforms) {
    let account = accounts.get(platform);
    if (!account) {
      account = await accountFor(tx, platform, options.channelAccountId);
      accounts.set(platform, account);
    }
    // A new listing is ours alone until commit; an existing one is locked and read.
    const [created] = await tx
      .insert(tenant.listings)
      .values({ productId, channelAccountId: account.id, platform })
      .onConflictDoNothing()
      .returning();
    const [listing] = created
      ? [created]
      : await tx
          .select()
          .from(tenant.listings)
          .where(
            and(
              eq(tenant.listings.productId, productId),
              eq(tenant.listings.channelAccountId, account.id),
            ),
          )
          .for("update");
    const current = listing as Listing;
    if (!REPUBLISHABLE.includes(current.state as ListingState)) {
      result.push(current);
      continue;
    }
    // A check only: the photos are counted, their bytes read when the job runs.
    const check = await r.payloads(tenantId, { productId, platform }, { photos: false, tx });
    if (!check.ok) {
      // Lint errors and missing mappings: not queued, the reason shown where the listing is.
      const reason = check.problems.join(" ") || "This listing cannot be published.";
      const [kept] = await tx
        .update(tenant.listings)
        .set({ lastError: reason, lastErrorKind: "lint", updatedAt: new Date() })
        .where(eq(tenant.listings.id, current.id))
        .returning();
      result.push(kept as Listing);
      continue;
    }
    const queued = await moveListing(tx, tenantId, {
      listingId: current.id,
      to: "queued",
      action: "publish",
      actor: options.actor,
      outcome: "queued",
      set: { lastError: null, lastErrorKind: null },
    });
    jobs.push({ tenantId, listingId: current.id, action: "publish", revision: product.revision });
    result.push(queued);
  }
  return result;
}

/**
 * Queues each product on each platform, all in one transaction (a bulk publish is one commit
 * and one job insert); a listing that cannot be listed stays put with the reason.
 */
export async function requestPublishMany(
  r: Requester,
  tenantId: number,
  productIds: string[],
  platforms: string[],
  options: { channelAccountId?: string; actor: string },
): Promise<Listing[]> {
  return withTenant(r.db, tenantId, async (tx) => {
    const accounts = new Map<string, Account>();
    const jobs: ActionJob[] = [];
    const result: Listing[] = [];
    for (const productId of productIds) {
      result.push(
        ...(await publishOne(r, tx, tenantId, productId, platforms, options, accounts, jobs)),
      );
    }
    await sendActions(r.boss, jobs, { tx });
    return result;
  });
}

/** Queues the product on each platform; a listing that cannot be listed stays put with the reason. */
export function requestPublish(
  r: Requester,
  tenantId: number,
  productId: string,
  platforms: string[],
  options: { channelAccountId?: string; actor: string },
): Promise<Listing[]> {
  return requestPublishMany(r, tenantId, [productId], platforms, options);
}

async function lockedListing(tx: Tx, listingId: string): Promise<Listing> {
  const [listing] = await tx
    .select()
    .from(tenant.listings)
    .where(eq(tenant.listings.id, listingId))
    .for("update");
  if (!listing) throw problems.notFound("Listing");
  return listing;
}

async function revisionOf(tx: Tx, productId: string): Promise<number> {
  const [row] = await tx
    .select({ revision: tenant.products.revision })
    .from(tenant.products)
    .where(eq(tenant.products.id, productId));
  return row?.revision ?? 1;
}

/** A listing in error tries its failed action again. */
export async function requestRetry(
  r: Requester,
  tenantId: number,
  listingId: string,
  actor: string,
): Promise<Listing> {
  return withTenant(r.db, tenantId, async (tx) => {
    const listing = await lockedListing(tx, listingId);
    if (listing.state !== "error") {
      throw problems.conflict(
        "not-in-error",
        `Only a listing in error can be retried; this one is ${listing.state}.`,
      );
    }
    const [last] = await tx
      .select({ action: tenant.publicationEvents.action })
      .from(tenant.publicationEvents)
      .where(
        and(
          eq(tenant.publicationEvents.listingId, listingId),
          inArray(tenant.publicationEvents.action, ["publish", "update", "delist"]),
        ),
      )
      .orderBy(desc(tenant.publicationEvents.id))
      .limit(1);
    const revision = await revisionOf(tx, listing.productId);
    if (last?.action === "delist") return delistLocked(r, tx, tenantId, listing, actor);
    // A failed edit of a live item tries the edit again; posting it anew would duplicate it.
    const action = last?.action === "update" && listing.externalId ? "update" : "publish";
    const queued = await moveListing(tx, tenantId, {
      listingId,
      to: "queued",
      action,
      actor,
      outcome: "queued",
    });
    await sendAction(r.boss, { tenantId, listingId, action, revision }, { tx });
    return queued;
  });
}

async function delistLocked(
  r: Requester,
  tx: Tx,
  tenantId: number,
  listing: Listing,
  actor: string,
): Promise<Listing> {
  const state = listing.state as ListingState;
  const listingId = listing.id;
  if (state === "queued" || (state === "error" && !listing.externalId)) {
    // Never reached the marketplace: nothing to remove there.
    return moveListing(tx, tenantId, {
      listingId,
      to: "delisted",
      action: "delist",
      actor,
      outcome: "ok",
      set: { delistedAt: new Date() },
    });
  }
  if (state !== "published" && state !== "error") {
    throw problems.conflict("cannot-delist", `A listing that is ${state} cannot be delisted now.`);
  }
  const moved = await moveListing(tx, tenantId, {
    listingId,
    to: "delisting",
    action: "delist",
    actor,
    outcome: "queued",
  });
  await sendAction(
    r.boss,
    { tenantId, listingId, action: "delist", revision: await revisionOf(tx, listing.productId) },
    { tx },
  );
  return moved;
}

/** Removes the listing from its marketplace (or at once, when it never reached it). */
export async function requestDelist(
  r: Requester,
  tenantId: number,
  listingId: string,
  actor: string,
): Promise<Listing> {
  return withTenant(r.db, tenantId, async (tx) =>
    delistLocked(r, tx, tenantId, await lockedListing(tx, listingId), actor),
  );
}

export { delistLocked };
