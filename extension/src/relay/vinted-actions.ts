// Relay mode: a queued listing action performed with the seller's own browser session, the
// same requests the engine's Vinted channel makes (shared/protocols/vinted.md).

import { vintedItemBody } from "../../../engine/src/channels/vinted/item-body.ts";
import { wardrobePagePath } from "../../../engine/src/channels/vinted/wardrobe-page.ts";
import type { RelayAction, RelayOutcome, RelayPayload } from "../engine/client.ts";
import type { CaptureDeps } from "../vinted/capture.ts";
import {
  type RelaySession,
  VintedRefusal,
  type VintedRequest,
  vintedRequest,
} from "./vinted-http.ts";

export type { RelaySession } from "./vinted-http.ts";

function toBlob(photo: RelayPayload["photos"][number]): Blob {
  const bytes = Uint8Array.from(atob(photo.data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: photo.contentType });
}

type Item = {
  id: number | string;
  title: string;
  price: unknown;
  url?: string;
  is_closed?: boolean;
};

function priceOf(value: unknown): string {
  const amount =
    typeof value === "object" && value !== null ? (value as { amount?: unknown }).amount : value;
  return Number(amount).toFixed(2);
}

/** The item an earlier, unreported attempt may already have created (same title and price). */
async function findExisting(
  request: VintedRequest,
  session: RelaySession,
  payload: RelayPayload,
): Promise<Item | undefined> {
  for (let page = 1; page <= 20; page++) {
    const answer = (await request(wardrobePagePath(session.userId, page))) as {
      items: Item[];
      pagination: { total_pages: number };
    };
    const found = answer.items.find(
      (item) =>
        !item.is_closed &&
        item.title === payload.title &&
        priceOf(item.price) === priceOf(payload.price),
    );
    if (found) return found;
    if (page >= answer.pagination.total_pages) return undefined;
  }
  return undefined;
}

async function saveItem(
  request: VintedRequest,
  payload: RelayPayload,
  id: string | null,
): Promise<Item> {
  const uuid = crypto.randomUUID();
  const photoIds: number[] = [];
  for (const photo of payload.photos) {
    const form = new FormData();
    form.set("photo[type]", "item");
    form.set("photo[temp_uuid]", uuid);
    form.set("photo[file]", toBlob(photo), "photo");
    const answer = (await request("/api/v2/photos", { method: "POST", body: form })) as {
      id: number;
    };
    photoIds.push(answer.id);
  }
  const answer = (await request(
    id === null ? "/api/v2/item_upload/items" : `/api/v2/item_upload/items/${id}`,
    { method: id === null ? "POST" : "PUT", json: vintedItemBody(payload, id, photoIds, uuid) },
  )) as { item: Item };
  return answer.item;
}

function done(session: RelaySession, item: Item): RelayOutcome {
  return {
    outcome: "done",
    item: {
      id: String(item.id),
      url: item.url ?? `https://${session.domain}/items/${item.id}`,
      title: item.title,
      price: priceOf(item.price),
    },
  };
}

export async function performRelayAction(
  deps: CaptureDeps,
  session: RelaySession,
  action: RelayAction,
): Promise<RelayOutcome> {
  const request = vintedRequest(deps, session);
  try {
    if (action.action === "delist") {
      if (action.externalId) {
        try {
          await request(`/api/v2/items/${action.externalId}`, { method: "DELETE" });
        } catch (error) {
          // Already gone on Vinted: the delist is done.
          const outcome = error instanceof VintedRefusal ? error.outcome : undefined;
          if (!(outcome?.outcome === "failed" && outcome.status === 404)) throw error;
        }
      }
      return { outcome: "done" };
    }
    const payload = action.payload;
    if (!payload) return { outcome: "failed", kind: "permanent", message: "No listing content." };
    if (action.action === "publish") {
      const existing = action.reconcile ? await findExisting(request, session, payload) : undefined;
      return done(session, existing ?? (await saveItem(request, payload, null)));
    }
    return done(session, await saveItem(request, payload, action.externalId));
  } catch (error) {
    if (error instanceof VintedRefusal) return error.outcome;
    return { outcome: "failed", kind: "retryable", message: (error as Error).message };
  }
}
