// The seller's own items, sold ones included, read page by page (96 is Vinted's cap).

import type { ChannelSession, RemoteItem } from "../channel.ts";
import type { VintedCall } from "./http.ts";
import { itemUrl } from "./items.ts";
import { wardrobePageSchema } from "./schemas.ts";
import { wardrobeItemState, wardrobePagePath } from "./wardrobe-page.ts";

export { WARDROBE_PAGE_SIZE } from "./wardrobe-page.ts";

const MAX_PAGES = 1000; // a loop guard, far above any wardrobe

export async function* wardrobeItems(
  call: VintedCall,
  session: ChannelSession,
  userId: string,
  fromPage = 1,
): AsyncIterable<RemoteItem> {
  for (let page = fromPage; page <= MAX_PAGES; page++) {
    const answer = await call(session, {
      method: "GET",
      path: wardrobePagePath(userId, page),
      schema: wardrobePageSchema,
    });
    for (const item of answer.items) {
      yield {
        id: item.id,
        title: item.title,
        price: item.price,
        url: item.url ?? itemUrl(session, item.id),
        state: wardrobeItemState(item),
      };
    }
    if (answer.items.length === 0 || page >= answer.pagination.total_pages) return;
  }
}
