// The seller's own items, sold ones included, read page by page (96 is Vinted's cap).

import type { ChannelSession, RemoteItem, RemoteItemState } from "../channel.ts";
import type { VintedCall } from "./http.ts";
import { itemUrl } from "./items.ts";
import { type WardrobeItem, wardrobePageSchema } from "./schemas.ts";

export const WARDROBE_PAGE_SIZE = 96;
const MAX_PAGES = 1000; // a loop guard, far above any wardrobe

function stateOf(item: WardrobeItem): RemoteItemState {
  if (item.is_closed) return item.item_closing_action === "sold" ? "sold" : "closed";
  if (item.is_reserved) return "reserved";
  if (item.is_hidden) return "hidden";
  return "active";
}

export async function* wardrobeItems(
  call: VintedCall,
  session: ChannelSession,
  userId: string,
): AsyncIterable<RemoteItem> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await call(session, {
      method: "GET",
      path: `/api/v2/wardrobe/${userId}/items?page=${page}&per_page=${WARDROBE_PAGE_SIZE}`,
      schema: wardrobePageSchema,
    });
    for (const item of answer.items) {
      yield {
        id: item.id,
        title: item.title,
        price: item.price,
        url: item.url ?? itemUrl(session, item.id),
        state: stateOf(item),
      };
    }
    if (answer.items.length === 0 || page >= answer.pagination.total_pages) return;
  }
}
