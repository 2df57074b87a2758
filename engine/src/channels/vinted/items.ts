// Create, update and delete items: the `item` body of the upload form.

import { randomUUID } from "node:crypto";
import {
  ChannelError,
  type ChannelSession,
  type ListingPayload,
  type RemoteItem,
} from "../channel.ts";
import type { VintedCall } from "./http.ts";
import { vintedItemBody } from "./item-body.ts";
import { uploadPhotos } from "./photos.ts";
import { emptySchema, uploadedItemSchema } from "./schemas.ts";

/** Vinted item ids are integers; anything else never reaches the URL. */
export function itemId(externalId: string): string {
  if (!/^\d{1,20}$/.test(externalId)) {
    throw new ChannelError(`"${externalId}" is not a Vinted item id.`, {
      kind: "permanent",
      reason: "validation",
    });
  }
  return externalId;
}

export function itemUrl(session: ChannelSession, id: string): string {
  return `https://${session.domain}/items/${id}`;
}

/** Uploads the photos, then creates (id null) or replaces (id given) the item. */
export async function saveItem(
  call: VintedCall,
  session: ChannelSession,
  payload: ListingPayload,
  id: string | null,
): Promise<RemoteItem> {
  const uploadSessionId = randomUUID();
  const photoIds = await uploadPhotos(call, session, payload.photos, uploadSessionId);
  const answer = await call(session, {
    method: id === null ? "POST" : "PUT",
    path: id === null ? "/api/v2/item_upload/items" : `/api/v2/item_upload/items/${id}`,
    json: vintedItemBody(payload, id, photoIds, uploadSessionId),
    schema: uploadedItemSchema,
  });
  const item = answer.item;
  return {
    id: item.id,
    title: item.title,
    price: item.price,
    url: item.url ?? itemUrl(session, item.id),
    state: item.is_hidden ? "hidden" : "active",
  };
}

/** Deletes the item; one already gone (sold, deleted) counts as delisted. */
export async function deleteItem(call: VintedCall, session: ChannelSession, id: string) {
  try {
    await call(session, { method: "DELETE", path: `/api/v2/items/${id}`, schema: emptySchema });
  } catch (error) {
    if (error instanceof ChannelError && error.reason === "not_found") return;
    throw error;
  }
}
