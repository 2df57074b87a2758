// One page of the seller's wardrobe, sold items included (shared/protocols/vinted.md): its
// path and what an item's flags say of its state. Data only: the extension's relay reads the
// wardrobe with it too, so both sides read Vinted the same way.
import type { RemoteItemState } from "../channel.ts";

/** Vinted's cap on items per wardrobe page. */
export const WARDROBE_PAGE_SIZE = 96;

export function wardrobePagePath(userId: string, page: number): string {
  return `/api/v2/wardrobe/${encodeURIComponent(userId)}/items?page=${page}&per_page=${WARDROBE_PAGE_SIZE}`;
}

/** The flags of a wardrobe item that tell its state. */
export interface WardrobeFlags {
  is_closed: boolean;
  is_hidden: boolean;
  is_reserved: boolean;
  item_closing_action?: string | null;
}

export function wardrobeItemState(item: WardrobeFlags): RemoteItemState {
  if (item.is_closed) return item.item_closing_action === "sold" ? "sold" : "closed";
  if (item.is_reserved) return "reserved";
  if (item.is_hidden) return "hidden";
  return "active";
}
