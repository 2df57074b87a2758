// Shop records as GraphQL objects: plain values plus functions graphql-js calls for fields
// with arguments (connections), `__typename` for interfaces (Node, Media).

import { connection, type PageArgs, type ResolveContext } from "./connection.ts";
import {
  gid,
  type ShopOrder,
  type ShopProduct,
  type ShopState,
  type ShopVariant,
} from "./state.ts";

const byId = (item: { id: number }) => [item.id];

export function locationView(state: ShopState) {
  return {
    __typename: "Location",
    id: gid("Location", state.location.id),
    name: state.location.name,
    isActive: true,
  };
}

export function productView(state: ShopState, p: ShopProduct) {
  return {
    __typename: "Product",
    id: gid("Product", p.id),
    title: p.title,
    handle: p.handle,
    descriptionHtml: p.descriptionHtml,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    totalInventory: p.variants.reduce((sum, v) => sum + v.available, 0),
    variants: (args: PageArgs, ctx: ResolveContext) =>
      connection(p.variants, args, ctx, byId, (v) => variantView(state, v)),
    media: (args: PageArgs, ctx: ResolveContext) =>
      connection(p.images, args, ctx, byId, (img) => ({
        __typename: "MediaImage",
        id: gid("MediaImage", img.id),
        alt: img.altText,
        mediaContentType: "IMAGE",
        image: { url: img.url, altText: img.altText, width: 640, height: 640 },
      })),
  };
}

export function variantView(state: ShopState, v: ShopVariant) {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    title: v.title,
    sku: v.sku,
    price: v.price,
    position: v.position,
    inventoryQuantity: v.available,
    selectedOptions: v.options,
    updatedAt: v.updatedAt.toISOString(),
    inventoryItem: () => inventoryItemView(state, v),
    product: () => {
      const product = state.products.get(v.productId);
      return product ? productView(state, product) : null;
    },
  };
}

function levelView(state: ShopState, v: ShopVariant) {
  return {
    id: `${gid("InventoryLevel", state.location.id)}?inventory_item_id=${v.inventoryItemId}`,
    location: locationView(state),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => ({
        name,
        quantity: name === "available" || name === "on_hand" ? v.available : 0,
      })),
  };
}

export function inventoryItemView(state: ShopState, v: ShopVariant) {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", v.inventoryItemId),
    sku: v.sku,
    tracked: true,
    variant: () => variantView(state, v),
    inventoryLevel: ({ locationId }: { locationId: string }) =>
      locationId === gid("Location", state.location.id) ? levelView(state, v) : null,
    // One location in the sandbox shop: every item is stocked there.
    inventoryLevels: (args: PageArgs, ctx: ResolveContext) =>
      connection([state.location], args, ctx, byId, () => levelView(state, v)),
  };
}

export function orderView(state: ShopState, o: ShopOrder) {
  return {
    __typename: "Order",
    id: gid("Order", o.id),
    name: o.name,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.createdAt.toISOString(),
    lineItems: (args: PageArgs, ctx: ResolveContext) =>
      connection(o.lineItems, args, ctx, byId, (line) => {
        const variant = state.variants.get(line.variantId);
        const product = state.products.get(line.productId);
        return {
          id: gid("LineItem", line.id),
          sku: line.sku,
          quantity: line.quantity,
          variant: variant ? variantView(state, variant) : null,
          product: product ? productView(state, product) : null,
        };
      }),
  };
}
