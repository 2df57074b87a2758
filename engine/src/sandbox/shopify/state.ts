// The shop's data: products with variants, inventory at one location, orders. Every change
// emits the webhook topic Shopify would send, with the REST-shaped payload Shopify sends.

import { EventEmitter } from "node:events";

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

export interface ShopVariant {
  id: number;
  productId: number;
  title: string;
  sku: string;
  price: string; // decimal string, as Shopify's Money scalar
  position: number;
  options: { name: string; value: string }[];
  inventoryItemId: number;
  available: number; // "available" quantity at the shop's location
  updatedAt: Date;
}

export interface ShopImage {
  id: number;
  url: string;
  altText: string | null;
}

export interface ShopProduct {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  createdAt: Date;
  updatedAt: Date;
  variants: ShopVariant[];
  images: ShopImage[];
}

export interface ShopOrder {
  id: number;
  name: string;
  createdAt: Date;
  lineItems: { id: number; variantId: number; productId: number; sku: string; quantity: number }[];
}

export type Topic =
  | "products/create"
  | "products/update"
  | "products/delete"
  | "orders/create"
  | "inventory_levels/update"
  | "bulk_operations/finish";

export interface ShopEvent {
  topic: Topic;
  payload: unknown;
}

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** The numeric id of `gid://shopify/<type>/<n>`, or undefined for another type or garbage. */
export function parseGid(value: string, type: string): number | undefined {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  if (!match || match[1] !== type) return undefined;
  return Number(match[2]);
}

export class ShopState extends EventEmitter<{ event: [ShopEvent] }> {
  readonly domain: string;
  readonly location = { id: 71_000_001, name: "Shop location" };
  readonly products = new Map<number, ShopProduct>();
  readonly variants = new Map<number, ShopVariant>();
  readonly inventoryItems = new Map<number, ShopVariant>();
  readonly orders = new Map<number, ShopOrder>();
  private nextId = 8_000_000_001;
  private lastStamp = 0;

  constructor(domain: string) {
    super();
    this.domain = domain;
  }

  id(): number {
    return this.nextId++;
  }

  /** A strictly increasing clock: two edits never share an updated_at. */
  stamp(): Date {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp);
  }

  add(product: ShopProduct, notify = true): ShopProduct {
    this.products.set(product.id, product);
    for (const variant of product.variants) {
      this.variants.set(variant.id, variant);
      this.inventoryItems.set(variant.inventoryItemId, variant);
    }
    if (notify)
      this.emit("event", { topic: "products/create", payload: this.restProduct(product) });
    return product;
  }

  touch(product: ShopProduct): void {
    product.updatedAt = this.stamp();
    this.emit("event", { topic: "products/update", payload: this.restProduct(product) });
  }

  remove(id: number): boolean {
    const product = this.products.get(id);
    if (!product) return false;
    this.products.delete(id);
    for (const variant of product.variants) {
      this.variants.delete(variant.id);
      this.inventoryItems.delete(variant.inventoryItemId);
    }
    this.emit("event", { topic: "products/delete", payload: { id } });
    return true;
  }

  /** Changes a variant's available quantity and says so the way Shopify does. */
  adjust(variant: ShopVariant, delta: number): void {
    variant.available += delta;
    variant.updatedAt = this.stamp();
    const product = this.products.get(variant.productId);
    if (product) product.updatedAt = variant.updatedAt;
    this.emit("event", { topic: "inventory_levels/update", payload: this.levelPayload(variant) });
  }

  /** The inventory_levels/update payload of a variant's level at the shop's location. */
  levelPayload(variant: ShopVariant) {
    return {
      inventory_item_id: variant.inventoryItemId,
      location_id: this.location.id,
      available: variant.available,
      updated_at: variant.updatedAt.toISOString(),
      admin_graphql_api_id: `${gid("InventoryLevel", this.location.id)}?inventory_item_id=${variant.inventoryItemId}`,
    };
  }

  createOrder(lines: { variantId: number; quantity: number }[]): ShopOrder {
    const id = this.id();
    const order: ShopOrder = {
      id,
      name: `#${1000 + this.orders.size + 1}`,
      createdAt: this.stamp(),
      lineItems: lines.map((line) => {
        const variant = this.variants.get(line.variantId);
        if (!variant) throw new Error(`no variant ${line.variantId}`);
        return {
          id: this.id(),
          variantId: variant.id,
          productId: variant.productId,
          sku: variant.sku,
          quantity: line.quantity,
        };
      }),
    };
    this.orders.set(id, order);
    this.emit("event", { topic: "orders/create", payload: this.restOrder(order) });
    for (const line of order.lineItems) {
      const variant = this.variants.get(line.variantId);
      if (variant) this.adjust(variant, -line.quantity);
    }
    return order;
  }

  /** Products in id order, the order Shopify's default sort key (ID) gives. */
  sortedProducts(): ShopProduct[] {
    return [...this.products.values()].sort((a, b) => a.id - b.id);
  }

  /** The REST representation webhooks carry (snake_case, numeric ids). */
  restProduct(p: ShopProduct) {
    return {
      id: p.id,
      admin_graphql_api_id: gid("Product", p.id),
      title: p.title,
      body_html: p.descriptionHtml,
      vendor: p.vendor,
      product_type: p.productType,
      handle: p.handle,
      tags: p.tags.join(", "),
      status: p.status.toLowerCase(),
      created_at: p.createdAt.toISOString(),
      updated_at: p.updatedAt.toISOString(),
      options: optionNames(p).map((name, i) => ({ name, position: i + 1 })),
      variants: p.variants.map((v) => ({
        id: v.id,
        admin_graphql_api_id: gid("ProductVariant", v.id),
        product_id: p.id,
        title: v.title,
        sku: v.sku,
        price: v.price,
        position: v.position,
        inventory_item_id: v.inventoryItemId,
        inventory_quantity: v.available,
        option1: v.options[0]?.value ?? null,
        option2: v.options[1]?.value ?? null,
        option3: v.options[2]?.value ?? null,
        updated_at: v.updatedAt.toISOString(),
      })),
      images: p.images.map((img, i) => ({
        id: img.id,
        product_id: p.id,
        position: i + 1,
        src: img.url,
        alt: img.altText,
      })),
    };
  }

  restOrder(o: ShopOrder) {
    return {
      id: o.id,
      admin_graphql_api_id: gid("Order", o.id),
      name: o.name,
      created_at: o.createdAt.toISOString(),
      updated_at: o.createdAt.toISOString(),
      line_items: o.lineItems.map((l) => ({
        id: l.id,
        admin_graphql_api_id: gid("LineItem", l.id),
        product_id: l.productId,
        variant_id: l.variantId,
        sku: l.sku,
        quantity: l.quantity,
      })),
    };
  }
}

function optionNames(p: ShopProduct): string[] {
  return [...new Set(p.variants.flatMap((v) => v.options.map((o) => o.name)))];
}
