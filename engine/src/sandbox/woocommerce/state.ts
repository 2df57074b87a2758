// The sandbox store: a generated catalog plus what clients changed (created, edited, deleted
// products; orders; API keys; webhooks). Every change is announced to the webhook dispatcher.
import { randomBytes } from "node:crypto";
import { type CatalogOptions, type Generated, generateProduct, variationIds } from "./catalog.ts";
import type { WcOrder, WcProduct, WcVariation, WcWebhook } from "./types.ts";
import { wcTime } from "./types.ts";

export interface ApiKey {
  keyId: number;
  consumerKey: string;
  consumerSecret: string;
  permissions: "read" | "write" | "read_write";
  description: string;
}

export type StoreEvent = { topic: string; resource: unknown };

export interface ListQuery {
  status?: string;
  type?: string;
  sku?: string;
  include?: number[];
  modifiedAfter?: number;
  orderby: "date" | "id" | "modified" | "title";
  order: "asc" | "desc";
}

const clone = <T>(value: T): T => structuredClone(value);

export class WooState {
  readonly options: CatalogOptions;
  private seedCount = 0;
  private readonly changed = new Map<number, Generated>();
  private readonly deleted = new Set<number>();
  private nextId = 1;
  private nextOrderId = 1;
  private version = 0;
  private listCache: { key: string; version: number; ids: number[] } | undefined;
  readonly keys = new Map<string, ApiKey>();
  readonly webhooks = new Map<number, WcWebhook>();
  readonly orders = new Map<number, WcOrder>();
  private nextWebhookId = 1;
  private nextKeyId = 1;
  currency = "EUR";
  storeName = "Boutique Sandbox";
  /** WordPress's permalink setting: with "plain", /wp-json/ and /wc-auth/ are 404 pages. */
  permalinks: "pretty" | "plain" = "pretty";
  /** Every change, for the webhook dispatcher. */
  onEvent: (event: StoreEvent) => void = () => {};

  constructor(options: CatalogOptions) {
    this.options = options;
  }

  /** Replaces the catalog with `count` generated products (changes forgotten). */
  seed(count: number, options: Partial<Pick<CatalogOptions, "variableRatio" | "seed">> = {}) {
    Object.assign(this.options, options);
    this.seedCount = count;
    this.changed.clear();
    this.deleted.clear();
    this.nextId = count + 1;
    this.version++;
  }

  createKey(permissions: ApiKey["permissions"] = "read_write", description = "Sandbox"): ApiKey {
    const key: ApiKey = {
      keyId: this.nextKeyId++,
      consumerKey: `ck_${randomBytes(20).toString("hex")}`,
      consumerSecret: `cs_${randomBytes(20).toString("hex")}`,
      permissions,
      description,
    };
    this.keys.set(key.consumerKey, key);
    return key;
  }

  private entry(id: number): Generated | undefined {
    if (this.deleted.has(id)) return undefined;
    const changed = this.changed.get(id);
    if (changed) return changed;
    return id >= 1 && id <= this.seedCount ? generateProduct(id, this.options) : undefined;
  }

  product(id: number): WcProduct | undefined {
    return this.entry(id)?.product;
  }

  variations(id: number): WcVariation[] | undefined {
    return this.entry(id)?.variations;
  }

  get productCount(): number {
    return (
      this.seedCount -
      [...this.deleted].filter((id) => id <= this.seedCount).length +
      [...this.changed.keys()].filter((id) => id > this.seedCount && !this.deleted.has(id)).length
    );
  }

  /** Ids matching the query, in its order (cached until the next change). */
  list(q: ListQuery): number[] {
    const key = JSON.stringify(q);
    if (this.listCache?.key === key && this.listCache.version === this.version)
      return this.listCache.ids;
    const ids: number[] = [];
    if (q.include) {
      const ids = q.include.filter((id) => this.matches(id, q)).sort((a, b) => a - b);
      return q.order === "desc" ? ids.reverse() : ids;
    }
    const plain = !q.status && !q.type && !q.sku;
    // Generated products keep their creation time as modification time: a modified_after past
    // the newest of them leaves only changed ones to look at.
    const newestSeed = this.options.epochMs + this.seedCount * 1000;
    const scanSeed = q.modifiedAfter === undefined || q.modifiedAfter < newestSeed;
    for (let id = 1; scanSeed && id <= this.seedCount; id++) {
      if (this.deleted.has(id) || this.changed.has(id)) continue;
      if (plain && q.modifiedAfter === undefined) ids.push(id);
      else if (this.matches(id, q)) ids.push(id);
    }
    for (const id of this.changed.keys())
      if (!this.deleted.has(id) && this.matches(id, q)) ids.push(id);
    const at = (id: number, field: "date_created_gmt" | "date_modified_gmt") =>
      (this.product(id) as WcProduct)[field];
    const sorted =
      q.orderby === "id" || q.orderby === "date"
        ? ids.sort((a, b) => a - b) // creation time grows with the id
        : q.orderby === "modified"
          ? ids.sort(
              (a, b) =>
                at(a, "date_modified_gmt").localeCompare(at(b, "date_modified_gmt")) || a - b,
            )
          : ids.sort(
              (a, b) =>
                (this.product(a) as WcProduct).name.localeCompare(
                  (this.product(b) as WcProduct).name,
                ) || a - b,
            );
    if (q.order === "desc") sorted.reverse();
    this.listCache = { key, version: this.version, ids: sorted };
    return sorted;
  }

  private matches(id: number, q: ListQuery): boolean {
    const p = this.product(id);
    if (!p) return false;
    if (q.status && q.status !== "any" && p.status !== q.status) return false;
    if (q.type && p.type !== q.type) return false;
    if (q.sku && p.sku !== q.sku) return false;
    if (q.modifiedAfter !== undefined && Date.parse(`${p.date_modified_gmt}Z`) <= q.modifiedAfter)
      return false;
    return true;
  }

  private editable(id: number): Generated | undefined {
    const entry = this.entry(id);
    if (!entry) return undefined;
    if (!this.changed.has(id)) this.changed.set(id, clone(entry));
    return this.changed.get(id);
  }

  private touch(entry: Generated) {
    entry.product.date_modified_gmt = wcTime(Date.now());
    // A variable product is in stock while one of its variations is.
    if (entry.product.type === "variable") {
      entry.product.stock_status = entry.variations.some((v) => v.stock_status === "instock")
        ? "instock"
        : "outofstock";
    }
    this.version++;
  }

  createProduct(fields: Partial<WcProduct>): WcProduct {
    const id = this.nextId++;
    const now = wcTime(Date.now());
    const product: WcProduct = {
      ...generateProduct(1, { ...this.options, variableRatio: 0 }).product,
      images: [],
      ...fields,
      id,
      variations: [],
      type: "simple",
      date_created_gmt: now,
      date_modified_gmt: now,
    };
    if (!fields.slug) product.slug = `product-${id}`;
    this.changed.set(id, { product, variations: [] });
    this.version++;
    this.onEvent({ topic: "product.created", resource: product });
    return product;
  }

  /** A variable product with one variation per `{ attribute, option, stock }`. */
  createVariableProduct(
    fields: Partial<WcProduct>,
    options: { attribute: { id: number; name: string }; option: string; stock: number }[],
  ): { product: WcProduct; variations: WcVariation[] } {
    const product = this.createProduct({ ...fields, manage_stock: false, stock_quantity: null });
    const entry = this.changed.get(product.id) as Generated;
    const now = product.date_created_gmt;
    entry.variations = variationIds(product.id, options.length).map((vid, k) => ({
      id: vid,
      parent_id: product.id,
      sku: `WC-${product.id}-${k}`,
      price: product.price,
      regular_price: product.regular_price,
      sale_price: product.sale_price,
      manage_stock: true,
      stock_quantity: options[k]?.stock ?? 0,
      stock_status: (options[k]?.stock ?? 0) > 0 ? "instock" : "outofstock",
      image: product.images[0] ?? null,
      attributes: [
        { ...(options[k]?.attribute ?? { id: 0, name: "" }), option: options[k]?.option ?? "" },
      ],
      date_created_gmt: now,
      date_modified_gmt: now,
    }));
    Object.assign(product, { type: "variable", variations: entry.variations.map((v) => v.id) });
    this.touch(entry);
    return { product, variations: entry.variations };
  }

  updateProduct(id: number, patch: Partial<WcProduct>): WcProduct | undefined {
    const entry = this.editable(id);
    if (!entry) return undefined;
    Object.assign(entry.product, patch, { id });
    this.applyStockRules(entry.product);
    this.touch(entry);
    this.onEvent({ topic: "product.updated", resource: entry.product });
    return entry.product;
  }

  updateVariation(id: number, vid: number, patch: Partial<WcVariation>): WcVariation | undefined {
    const entry = this.editable(id);
    const variation = entry?.variations.find((v) => v.id === vid);
    if (!entry || !variation) return undefined;
    Object.assign(variation, patch, { id: vid, parent_id: id });
    this.applyStockRules(variation);
    variation.date_modified_gmt = wcTime(Date.now());
    this.touch(entry);
    this.onEvent({ topic: "product.updated", resource: entry.product });
    return variation;
  }

  /** WooCommerce derives the stock status from a managed quantity. */
  private applyStockRules(item: WcProduct | WcVariation) {
    if (item.manage_stock && item.stock_quantity !== null) {
      item.stock_status = item.stock_quantity > 0 ? "instock" : "outofstock";
    }
  }

  deleteProduct(id: number): WcProduct | undefined {
    const product = this.product(id);
    if (!product) return undefined;
    this.deleted.add(id);
    this.version++;
    this.onEvent({ topic: "product.deleted", resource: { id } });
    return product;
  }

  /** An order: stock taken from each line's product or variation, as checkout does. */
  createOrder(lines: { product_id: number; variation_id?: number; quantity: number }[]): WcOrder {
    const now = wcTime(Date.now());
    const order: WcOrder = {
      id: this.nextOrderId++,
      status: "processing",
      currency: this.currency,
      total: "0.00",
      date_created_gmt: now,
      date_modified_gmt: now,
      line_items: [],
    };
    let total = 0;
    for (const [i, line] of lines.entries()) {
      const product = this.product(line.product_id);
      if (!product) throw new Error(`Product ${line.product_id} does not exist.`);
      const variation = line.variation_id
        ? this.variations(line.product_id)?.find((v) => v.id === line.variation_id)
        : undefined;
      const priced = variation ?? product;
      total += Number(priced.price || 0) * line.quantity;
      order.line_items.push({
        id: i + 1,
        product_id: product.id,
        variation_id: variation?.id ?? 0,
        sku: priced.sku,
        quantity: line.quantity,
        name: product.name,
        total: (Number(priced.price || 0) * line.quantity).toFixed(2),
      });
      if (variation?.manage_stock) {
        this.updateVariation(product.id, variation.id, {
          stock_quantity: Math.max(0, (variation.stock_quantity ?? 0) - line.quantity),
        });
      } else if (product.manage_stock) {
        this.updateProduct(product.id, {
          stock_quantity: Math.max(0, (product.stock_quantity ?? 0) - line.quantity),
        });
      }
    }
    order.total = total.toFixed(2);
    this.orders.set(order.id, order);
    this.onEvent({ topic: "order.created", resource: order });
    return order;
  }

  createWebhook(
    fields: Pick<WcWebhook, "name" | "topic" | "delivery_url" | "secret"> & {
      status?: WcWebhook["status"];
    },
  ): WcWebhook {
    const [resource = "", event = ""] = fields.topic.split(".");
    const webhook: WcWebhook = {
      id: this.nextWebhookId++,
      name: fields.name,
      status: fields.status ?? "active",
      topic: fields.topic,
      resource,
      event,
      delivery_url: fields.delivery_url,
      secret: fields.secret,
      api_version: "wp_api_v3",
      date_created_gmt: wcTime(Date.now()),
      failures: 0,
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }
}
