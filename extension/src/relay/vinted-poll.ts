// Relay mode, sales: one page of the seller's wardrobe (sold items included) read with their
// own browser session, the request and state reading of the engine's Vinted channel
// (engine/src/channels/vinted/wardrobe-page.ts), for the engine to find the sales in.

import {
  type WardrobeFlags,
  wardrobeItemState,
  wardrobePagePath,
} from "../../../engine/src/channels/vinted/wardrobe-page.ts";
import type { RelayPoll, RelayPollReport } from "../engine/client.ts";
import type { CaptureDeps } from "../vinted/capture.ts";
import { type RelaySession, VintedRefusal, vintedRequest } from "./vinted-http.ts";

/** The engine takes at most this many items per page (Vinted sends 96). */
const MAX_ITEMS = 200;

type WardrobePage = {
  items?: (WardrobeFlags & { id?: unknown })[];
  pagination?: { total_pages?: unknown };
};

export async function readWardrobePage(
  deps: CaptureDeps,
  session: RelaySession,
  poll: RelayPoll,
): Promise<RelayPollReport> {
  if (session.userId !== poll.userId) {
    // Another Vinted user is logged in here: their wardrobe is not the account's.
    return {
      outcome: "session_expired",
      message: `Log in to Vinted (${poll.domain}) as the account's user in this browser to continue.`,
    };
  }
  let answer: WardrobePage;
  try {
    answer = (await vintedRequest(
      deps,
      session,
    )(wardrobePagePath(poll.userId, poll.page))) as WardrobePage;
  } catch (error) {
    if (error instanceof VintedRefusal) return error.outcome;
    return { outcome: "failed", kind: "retryable", message: (error as Error).message };
  }
  const items = answer?.items;
  const totalPages = answer?.pagination?.total_pages;
  if (
    !Array.isArray(items) ||
    items.length > MAX_ITEMS ||
    typeof totalPages !== "number" ||
    items.some((i) => !/^\d{1,20}$/.test(String(i?.id)))
  ) {
    return {
      outcome: "failed",
      kind: "retryable",
      message: "Vinted sent an unexpected wardrobe page.",
    };
  }
  return {
    outcome: "read",
    items: items.map((item) => ({ id: String(item.id), state: wardrobeItemState(item) })),
    totalPages: Math.max(0, Math.trunc(totalPages)),
  };
}
