// Applies what the seller's browser reports about a relayed action, through the same
// listing transitions and account states the workers use.
import { type Tx, tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { problems } from "../http/problem.ts";
import { idempotencyKey } from "../listings/idempotency.ts";
import { ACTION_STATES, type ListingAction } from "../listings/lifecycle.ts";
import { moveListing } from "../listings/transition.ts";
import {
  cooldownLevelOf,
  markReconnectNeeded,
  pauseAccount,
  resetCooldown,
} from "../pipeline/account-state.ts";
import type { Device } from "./handout.ts";
import { RELAY_ACTION_ID, type RelayRuntime } from "./runtime.ts";

export type RelayOutcome =
  | { outcome: "done"; item?: { id: string; url: string; title?: string; price?: string } }
  | { outcome: "failed"; kind: "retryable" | "permanent"; message: string; status?: number }
  | {
      outcome: "blocked" | "session_expired" | "rate_limited";
      message: string;
      status?: number;
      retryAfterSeconds?: number;
    };

export type AccountRefusal = Extract<
  RelayOutcome,
  { outcome: "blocked" | "session_expired" | "rate_limited" }
>;

/**
 * Vinted refused the browser about the account itself, whatever the browser was doing (a
 * listing action or a sales poll): reconnect needed, or a cool-down as after a server-side 403.
 */
export async function refuseAccount(
  tx: Tx,
  rt: RelayRuntime,
  accountId: string,
  report: AccountRefusal,
  now: Date,
): Promise<void> {
  if (report.outcome === "session_expired") {
    await markReconnectNeeded(tx, accountId, report.message);
    return;
  }
  const level = await cooldownLevelOf(tx, accountId);
  const ladder = rt.settings.cooldownsSeconds;
  const seconds =
    report.outcome === "rate_limited" && report.retryAfterSeconds
      ? report.retryAfterSeconds
      : (ladder[Math.min(level, ladder.length - 1)] ?? 3_600);
  const next = report.outcome === "rate_limited" && report.retryAfterSeconds ? level : level + 1;
  await pauseAccount(tx, accountId, new Date(now.getTime() + seconds * 1000), next, report.message);
}

export async function applyRelayOutcome(
  rt: RelayRuntime,
  device: Device,
  actionId: string,
  report: RelayOutcome,
): Promise<{ state: string }> {
  const match = RELAY_ACTION_ID.exec(actionId);
  if (!match) throw problems.notFound("Relay action");
  const [, listingId, actionName, revisionText] = match as unknown as [
    string,
    string,
    string,
    string,
  ];
  const action = actionName as ListingAction;
  const revision = Number(revisionText);
  const key = idempotencyKey(listingId, action, revision);
  const busy = ACTION_STATES[action].busy;
  const actor = `device:${device.deviceId}`;
  const now = rt.now();
  return withTenant(rt.db, device.tenantId, async (tx) => {
    const [row] = await tx
      .select({ listing: tenant.listings, relayMode: tenant.channelAccounts.relayMode })
      .from(tenant.listings)
      .innerJoin(
        tenant.channelAccounts,
        eq(tenant.channelAccounts.id, tenant.listings.channelAccountId),
      )
      .where(eq(tenant.listings.id, listingId))
      .for("update");
    if (!row) throw problems.notFound("Relay action");
    const { listing } = row;
    if (listing.state !== busy || !row.relayMode) {
      throw problems.conflict(
        "relay-action-stale",
        "This action is no longer waiting for this browser; ask for the next one.",
      );
    }
    const accountId = listing.channelAccountId;
    const base = { listingId, action, actor, attempt: listing.attempts, idempotencyKey: key };
    switch (report.outcome) {
      case "done": {
        await resetCooldown(tx, accountId);
        const item = report.item;
        const moved = await moveListing(tx, device.tenantId, {
          ...base,
          to: action === "delist" ? "delisted" : "published",
          outcome: "ok",
          response: item ?? null,
          set:
            action === "delist"
              ? { delistedAt: now, lastError: null, lastErrorKind: null, attempts: 0 }
              : {
                  ...(item ? { externalId: item.id, url: item.url } : {}),
                  ...(item?.title ? { title: item.title } : {}),
                  ...(item?.price ? { price: item.price } : {}),
                  publishedRevision: revision,
                  ...(action === "publish" ? { publishedAt: now } : {}),
                  lastError: null,
                  lastErrorKind: null,
                  attempts: 0,
                },
        });
        return { state: moved.state };
      }
      case "failed": {
        const permanent = report.kind === "permanent";
        const moved = await moveListing(tx, device.tenantId, {
          ...base,
          to: permanent ? "error" : busy,
          outcome: permanent ? "failed" : "retry",
          response: { message: report.message, status: report.status ?? null },
          set: { lastError: report.message, lastErrorKind: permanent ? "validation" : "server" },
        });
        return { state: moved.state };
      }
      default:
        await refuseAccount(tx, rt, accountId, report, now);
    }
    const moved = await moveListing(tx, device.tenantId, {
      ...base,
      to: busy,
      outcome: "paused",
      response: { message: report.message, status: report.status ?? null },
      set: { lastError: report.message, lastErrorKind: "account" },
    });
    return { state: moved.state };
  });
}
