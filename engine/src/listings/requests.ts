// What a seller asks of listings (publish, retry, delist): checked, moved and queued in one
// transaction, so a listing is queued if and only if its job exists.
import { type Db, type Tx, tenant, withTenant } from "@stoflow/db";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { problems } from "../http/problem.ts";
import { buildPayloads, type PayloadBatchBuilder, type PayloadBuilder } from "../pipeline/ports.ts";
import { type ActionJob, sendAction, sendActions } from "../pipeline/queues.ts";
import type { ListingState } from "./lifecycle.ts";
import { moveListings } from "./move-many.ts";
import { type Listing, moveListing } from "./transition.ts";

export interface Requester {
  db: Db;
  boss: PgBoss;
  payloads: PayloadBuilder;
  /** The same check for many products at once (bulk publish); else `payloads` one by one. */
  payloadsMany?: PayloadBatchBuilder;
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

type Pair = { productId: string; platform: string; account: Account };

/** The listings of the pairs, created when new, locked when they exist; in the pairs' order. */
async function listingsOf(tx: Tx, pairs: Pair[]): Promise<Listing[]> {
  const created = await tx
    .insert(tenant.listings)
    .values(pairs.map((p) => ({ ...p, channelAccountId: p.account.id })))
    .onConflictDoNothing()
    .returning();
  const keyOf = (productId: string, accountId: string) => `${productId}:${accountId}`;
  const found = new Map(created.map((l) => [keyOf(l.productId, l.channelAccountId), l]));
  const existing = pairs.filter((p) => !found.has(keyOf(p.productId, p.account.id)));
  if (existing.length > 0) {
    const rows = await tx
      .select()
      .from(tenant.listings)
      .where(
        and(
          inArray(
            tenant.listings.productId,
            existing.map((p) => p.productId),
          ),
          inArray(tenant.listings.channelAccountId, [
            ...new Set(existing.map((p) => p.account.id)),
          ]),
        ),
      )
      .for("update");
    for (const l of rows) found.set(keyOf(l.productId, l.channelAccountId), l);
  }
  return pairs.map((p) => found.get(keyOf(p.productId, p.account.id)) as Listing);
}

/**
 * Queues each product on each platform, all in one transaction and set-based (a bulk publish is
 * a handful of statements, one commit and one job insert); a listing that cannot be listed
 * stays put with the reason.
 */
export async function requestPublishMany(
  r: Requester,
  tenantId: number,
  productIds: string[],
  platforms: string[],
  options: { channelAccountId?: string; actor: string },
): Promise<Listing[]> {
  return withTenant(r.db, tenantId, async (tx) => {
    const unique = [...new Set(productIds)];
    const revisions = new Map(
      (
        await tx
          .select({ id: tenant.products.id, revision: tenant.products.revision })
          .from(tenant.products)
          .where(inArray(tenant.products.id, unique))
      ).map((p) => [p.id, p.revision]),
    );
    if (unique.some((id) => !revisions.has(id))) throw problems.notFound("Product");
    const accounts = new Map<string, Account>();
    for (const platform of new Set(platforms))
      accounts.set(platform, await accountFor(tx, platform, options.channelAccountId));
    const pairs = unique.flatMap((productId) =>
      [...accounts.keys()].map((platform) => ({
        productId,
        platform,
        account: accounts.get(platform) as Account,
      })),
    );
    const listings = await listingsOf(tx, pairs);
    const open = listings.filter((l) => REPUBLISHABLE.includes(l.state as ListingState));
    // A check only: the photos are counted, their bytes read when the job runs.
    const targets = open.map((l) => ({ productId: l.productId, platform: l.platform }));
    const checks = await buildPayloads(r, tenantId, targets, { tx, photos: false });
    const byId = new Map(listings.map((l) => [l.id, l]));
    const queue: Listing[] = [];
    for (const [i, listing] of open.entries()) {
      const check = checks[i];
      if (check?.ok) {
        queue.push(listing);
        continue;
      }
      // Lint errors and missing mappings: not queued, the reason shown where the listing is.
      const reason = check?.problems.join(" ") || "This listing cannot be published.";
      const [kept] = await tx
        .update(tenant.listings)
        .set({ lastError: reason, lastErrorKind: "lint", updatedAt: new Date() })
        .where(eq(tenant.listings.id, listing.id))
        .returning();
      byId.set(listing.id, kept as Listing);
    }
    const at = new Date();
    const cleared = { lastError: null, lastErrorKind: null };
    await moveListings(tx, tenantId, {
      to: "queued",
      from: REPUBLISHABLE,
      action: "publish",
      actor: options.actor,
      outcome: "queued",
      at,
      rows: queue.map((l) => ({
        listingId: l.id,
        attempt: l.attempts,
        set: cleared,
      })),
    });
    for (const l of queue) byId.set(l.id, { ...l, ...cleared, state: "queued", updatedAt: at });
    const jobs: ActionJob[] = queue.map((l) => ({
      tenantId,
      listingId: l.id,
      action: "publish",
      revision: revisions.get(l.productId) as number,
    }));
    await sendActions(r.boss, jobs, { tx });
    return listings.map((l) => byId.get(l.id) as Listing);
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
  return withTenant(r.db, tenantId, (tx) => delistIn(r, tx, tenantId, listingId, actor));
}

/** requestDelist in the caller's transaction: the listing is locked, then taken down. */
export async function delistIn(
  r: Requester,
  tx: Tx,
  tenantId: number,
  listingId: string,
  actor: string,
): Promise<Listing> {
  return delistLocked(r, tx, tenantId, await lockedListing(tx, listingId), actor);
}

export { delistLocked };
