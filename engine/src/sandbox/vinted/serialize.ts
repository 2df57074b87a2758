// Items as Vinted's JSON: the edit form's shape (item_upload) and the wardrobe's.

import type { SandboxItem, SandboxState } from "./state.ts";

function photos(item: SandboxItem, base: string) {
  return item.photoIds.map((id, index) => ({
    id,
    is_main: index === 0,
    url: `${base}/photos/${id}/f800.jpeg`,
    thumbnails: [{ type: "thumb150x210", url: `${base}/photos/${id}/150x210.jpeg` }],
  }));
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

export function itemPath(item: SandboxItem): string {
  return `/items/${item.id}-${slug(item.title)}`;
}

/** GET/PUT/POST item_upload: the edit form's view, price as a decimal string. */
export function uploadItemJson(item: SandboxItem, base: string) {
  return {
    id: item.id,
    user_id: item.userId,
    title: item.title,
    description: item.description,
    brand_id: item.brandId,
    brand: item.brand,
    size_id: item.sizeId,
    catalog_id: item.catalogId,
    status_id: item.statusId,
    color_ids: item.colorIds,
    price: item.price,
    currency: item.currency,
    package_size_id: item.packageSizeId,
    is_hidden: item.isHidden,
    photos: photos(item, base),
    url: `${base}${itemPath(item)}`,
    created_at_ts: item.createdAt,
    updated_at_ts: item.updatedAt,
  };
}

/** Wardrobe: the public listing view, price as Vinted's money object. */
export function wardrobeItemJson(item: SandboxItem, base: string, state: SandboxState) {
  const user = state.users.get(item.userId);
  return {
    id: item.id,
    title: item.title,
    price: { amount: item.price, currency_code: item.currency },
    brand: item.brand ?? "",
    size_title: item.sizeId === null ? "" : `size ${item.sizeId}`,
    is_closed: item.isClosed,
    is_hidden: item.isHidden,
    is_reserved: item.isReserved,
    is_draft: false,
    item_closing_action: item.closingAction,
    view_count: item.viewCount,
    favourite_count: item.favouriteCount,
    url: `${base}${itemPath(item)}`,
    user: user ? { id: user.id, login: user.login } : null,
    photos: photos(item, base),
  };
}
