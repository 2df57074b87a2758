// WooCommerce as a catalog source (REST API v3, shared/protocols/woocommerce.md).
import { retrying } from "../retry.ts";
import { type Source, type SourceConnection, SourceError } from "../source.ts";
import { type WooClient, wooClient } from "./client.ts";
import { readPage } from "./read-page.ts";
import { storeProblem } from "./store-probe.ts";
import {
  isPing,
  parseDelivery,
  registerWebhooks,
  unregisterWebhooks,
  verifySignature,
} from "./webhooks.ts";

export interface WooCommerceSourceOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Variation lists read at once within a page (default 16). */
  concurrency?: number;
}

export function createWooCommerceSource(options: WooCommerceSourceOptions = {}): Source {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const concurrency = options.concurrency ?? 16;
  const client = (conn: SourceConnection): WooClient => wooClient(conn, { timeoutMs });
  return {
    kind: "woocommerce",
    async describe(conn, signal) {
      const res = await retrying(
        () => client(conn).get<{ code?: string }>("data/currencies/current"),
        { signal },
      ).catch(async (error: unknown) => {
        // A 404 here is the store's address or permalinks, not the keys: say which.
        if (error instanceof SourceError && error.status === 404)
          throw (await storeProblem(conn.baseUrl)) ?? error;
        throw error;
      });
      return { label: new URL(conn.baseUrl).host, currency: res.data?.code ?? "EUR" };
    },
    readPage: (conn, request) => readPage(client(conn), request, concurrency),
    registerWebhooks: (conn, url) => registerWebhooks(client(conn), conn, url),
    unregisterWebhooks: (conn, hooks) => unregisterWebhooks(client(conn), hooks),
    verifyWebhook: (conn, delivery) => isPing(delivery) || verifySignature(conn, delivery),
    parseWebhook: (conn, delivery) => parseDelivery(() => client(conn), delivery),
    async confirmGone(conn, refs) {
      const res = await client(conn).get<{ id: number }[]>("products", {
        include: refs.join(","),
        per_page: 100,
        status: "any",
      });
      const present = new Set((Array.isArray(res.data) ? res.data : []).map((p) => String(p.id)));
      return refs.filter((ref) => !present.has(ref));
    },
    async writeStock(conn, write) {
      const body = { manage_stock: true, stock_quantity: Math.max(0, write.quantity) };
      const path = write.variantRef
        ? `products/${write.productRef}/variations/${write.variantRef}`
        : `products/${write.productRef}`;
      await retrying(() => client(conn).put(path, body));
    },
  };
}
