// The WooCommerce REST v3 resources the sandbox serves, as the real API spells them.

export interface WcImage {
  id: number;
  src: string;
  name: string;
  alt: string;
  position: number;
}

export interface WcAttribute {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export interface WcTerm {
  id: number;
  name: string;
  slug: string;
}

export interface WcProduct {
  id: number;
  name: string;
  slug: string;
  type: "simple" | "variable";
  status: "publish" | "draft" | "pending" | "private";
  sku: string;
  description: string;
  short_description: string;
  price: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: "instock" | "outofstock" | "onbackorder";
  weight: string;
  dimensions: { length: string; width: string; height: string };
  categories: WcTerm[];
  tags: WcTerm[];
  images: WcImage[];
  attributes: WcAttribute[];
  variations: number[];
  date_created_gmt: string;
  date_modified_gmt: string;
  meta_data: { id: number; key: string; value: unknown }[];
}

export interface WcVariation {
  id: number;
  parent_id: number;
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: "instock" | "outofstock" | "onbackorder";
  image: WcImage | null;
  attributes: { id: number; name: string; option: string }[];
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface WcOrder {
  id: number;
  status: string;
  currency: string;
  total: string;
  date_created_gmt: string;
  date_modified_gmt: string;
  line_items: {
    id: number;
    product_id: number;
    variation_id: number;
    sku: string;
    quantity: number;
    name: string;
    total: string;
  }[];
}

export interface WcWebhook {
  id: number;
  name: string;
  status: "active" | "paused" | "disabled";
  topic: string;
  resource: string;
  event: string;
  delivery_url: string;
  secret: string;
  api_version: "wp_api_v3";
  date_created_gmt: string;
  failures: number;
}

/** WooCommerce writes GMT times without a zone: 2026-01-02T03:04:05. */
export const wcTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);
