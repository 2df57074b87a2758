// The `item` body of Vinted's upload form (create and replace). Data only, no imports: the
// browser extension's relay bundles this same module, so both send the same form.
import type { ListingPayload } from "../channel.ts";

/** The listing fields the form carries (the relay's payload has them too). */
export type ItemFields = Pick<
  ListingPayload,
  | "title"
  | "description"
  | "brandId"
  | "brandName"
  | "sizeId"
  | "catalogId"
  | "statusId"
  | "colorIds"
  | "price"
  | "currency"
  | "packageSizeId"
>;

export function vintedItemBody(
  payload: ItemFields,
  id: string | null,
  photoIds: number[],
  uploadSessionId: string,
) {
  return {
    item: {
      id: id === null ? null : Number(id),
      title: payload.title,
      description: payload.description,
      brand_id: payload.brandId,
      brand: payload.brandName,
      size_id: payload.sizeId,
      catalog_id: payload.catalogId,
      status_id: payload.statusId,
      color_ids: payload.colorIds,
      price: Number(payload.price),
      currency: payload.currency,
      package_size_id: payload.packageSizeId,
      isbn: null,
      is_unisex: false,
      measurement_length: null,
      measurement_width: null,
      item_attributes: [],
      assigned_photos: photoIds.map((photoId) => ({ id: photoId, orientation: 0 })),
      shipment_prices: { domestic: null, international: null },
    },
    feedback_id: null,
    push_up: false, // true buys a paid bump: never
    upload_session_id: uploadSessionId,
  };
}
