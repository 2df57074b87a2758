// Root fields of the Admin API: queries read the shop, mutations change it (bulk operations,
// webhook subscriptions, inventory adjustments with Shopify's @idempotent directive).

import type { BulkOperation, BulkOperations } from "./bulk.ts";
import { connection, type PageArgs, type ResolveContext } from "./connection.ts";
import { inventoryMutations } from "./inventory.ts";
import { matches, parseSearch } from "./search.ts";
import { gid, parseGid, type ShopState, type Topic } from "./state.ts";
import { inventoryItemView, locationView, orderView, productView, variantView } from "./views.ts";
import type { Webhooks } from "./webhooks.ts";

const topicOf = (value: string) =>
  value.toLowerCase().replace(/_(create|update|delete|finish|uninstalled)$/, "/$1") as Topic;
const topicEnum = (topic: string) => topic.toUpperCase().replace("/", "_");

export function bulkView(bulk: BulkOperations, op: BulkOperation) {
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", op.id),
    status: op.status,
    type: "QUERY",
    errorCode: op.errorCode,
    createdAt: op.createdAt.toISOString(),
    completedAt: op.completedAt?.toISOString() ?? null,
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize === null ? null : String(op.fileSize),
    url: bulk.url(op),
    partialDataUrl: null,
    query: op.query,
  };
}

export function rootValue(deps: { state: ShopState; bulk: BulkOperations; webhooks: Webhooks }) {
  const { state, bulk, webhooks } = deps;
  const inventory = inventoryMutations(state);

  const nodeById = (id: string) => {
    const [, type] = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id) ?? [];
    const n = type ? parseGid(id, type) : undefined;
    if (n === undefined) return null;
    switch (type) {
      case "Product": {
        const p = state.products.get(n);
        return p ? productView(state, p) : null;
      }
      case "ProductVariant": {
        const v = state.variants.get(n);
        return v ? variantView(state, v) : null;
      }
      case "InventoryItem": {
        const v = state.inventoryItems.get(n);
        return v ? inventoryItemView(state, v) : null;
      }
      case "Order": {
        const o = state.orders.get(n);
        return o ? orderView(state, o) : null;
      }
      case "BulkOperation": {
        const op = bulk.operations.get(n);
        return op ? bulkView(bulk, op) : null;
      }
      case "Location":
        return n === state.location.id ? locationView(state) : null;
      default:
        return null;
    }
  };

  return {
    shop: () => ({
      __typename: "Shop",
      id: gid("Shop", 1),
      name: state.domain.replace(/\.myshopify\.com$/, ""),
      myshopifyDomain: state.domain,
      currencyCode: "EUR",
      email: `owner@${state.domain}`,
    }),
    node: ({ id }: { id: string }) => nodeById(id),
    product: ({ id }: { id: string }) => {
      const n = parseGid(id, "Product");
      const p = n === undefined ? undefined : state.products.get(n);
      return p ? productView(state, p) : null;
    },
    productVariant: ({ id }: { id: string }) => {
      const v = state.variants.get(parseGid(id, "ProductVariant") ?? -1);
      return v ? variantView(state, v) : null;
    },
    inventoryItem: ({ id }: { id: string }) => {
      const v = state.inventoryItems.get(parseGid(id, "InventoryItem") ?? -1);
      return v ? inventoryItemView(state, v) : null;
    },
    products: (
      args: PageArgs & { query?: string; sortKey?: string; reverse?: boolean },
      ctx: ResolveContext,
    ) => {
      const filters = parseSearch(args.query);
      let list = state.sortedProducts().filter((p) =>
        matches(filters, {
          updated_at: p.updatedAt,
          created_at: p.createdAt,
          status: p.status,
          vendor: p.vendor,
          product_type: p.productType,
        }),
      );
      const byUpdated = args.sortKey === "UPDATED_AT";
      if (byUpdated)
        list.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id);
      if (args.sortKey === "TITLE")
        list.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id));
      if (args.reverse) list = list.reverse();
      const keyOf = (p: (typeof list)[number]) =>
        byUpdated
          ? [p.updatedAt.getTime(), p.id]
          : args.sortKey === "TITLE"
            ? [p.title, p.id]
            : [p.id];
      return connection(
        list,
        args,
        ctx,
        keyOf,
        (p) => productView(state, p),
        Boolean(args.reverse),
      );
    },
    orders: (args: PageArgs & { query?: string }, ctx: ResolveContext) => {
      const filters = parseSearch(args.query);
      const list = [...state.orders.values()]
        .sort((a, b) => a.id - b.id)
        .filter((o) => matches(filters, { created_at: o.createdAt, updated_at: o.createdAt }));
      return connection(
        list,
        args,
        ctx,
        (o) => [o.id],
        (o) => orderView(state, o),
      );
    },
    locations: (args: PageArgs, ctx: ResolveContext) =>
      connection(
        [state.location],
        args,
        ctx,
        (l) => [l.id],
        () => locationView(state),
      ),
    webhookSubscriptions: (args: PageArgs, ctx: ResolveContext) =>
      connection(
        [...webhooks.subscriptions.values()],
        args,
        ctx,
        (s) => [s.id],
        (s) => ({
          __typename: "WebhookSubscription",
          id: gid("WebhookSubscription", s.id),
          topic: topicEnum(s.topic),
          uri: s.uri,
          format: "JSON",
          createdAt: s.createdAt.toISOString(),
        }),
      ),
    currentBulkOperation: () => {
      const op = bulk.currentOperation();
      return op ? bulkView(bulk, op) : null;
    },
    bulkOperation: ({ id }: { id: string }) => {
      const op = bulk.operations.get(parseGid(id, "BulkOperation") ?? -1);
      return op ? bulkView(bulk, op) : null;
    },

    bulkOperationRunQuery: ({ query }: { query: string }) => {
      const { operation, error } = bulk.start(query);
      if (!operation)
        return {
          bulkOperation: null,
          userErrors: [
            { field: ["query"], message: error?.message ?? "invalid", code: error?.code ?? null },
          ],
        };
      return { bulkOperation: bulkView(bulk, operation), userErrors: [] };
    },
    bulkOperationCancel: ({ id }: { id: string }) => {
      const op = bulk.operations.get(parseGid(id, "BulkOperation") ?? -1);
      if (!op)
        return {
          bulkOperation: null,
          userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
        };
      bulk.cancel(op);
      return { bulkOperation: bulkView(bulk, op), userErrors: [] };
    },
    webhookSubscriptionCreate: ({
      topic,
      webhookSubscription,
    }: {
      topic: string;
      webhookSubscription: { uri?: string; callbackUrl?: string };
    }) => {
      const uri = webhookSubscription.uri ?? webhookSubscription.callbackUrl ?? "";
      let valid = false;
      try {
        valid = ["http:", "https:"].includes(new URL(uri).protocol);
      } catch {
        valid = false;
      }
      if (!valid) {
        return {
          webhookSubscription: null,
          userErrors: [
            { field: ["webhookSubscription", "callbackUrl"], message: "Address is invalid" },
          ],
        };
      }
      if (topic === "APP_UNINSTALLED") {
        return {
          webhookSubscription: null,
          userErrors: [{ field: ["topic"], message: "The sandbox does not send app/uninstalled" }],
        };
      }
      if (webhooks.find(topicOf(topic), uri)) {
        return {
          webhookSubscription: null,
          userErrors: [
            {
              field: ["webhookSubscription", "callbackUrl"],
              message: "Address for this topic has already been taken",
            },
          ],
        };
      }
      const sub = webhooks.subscribe(topicOf(topic), uri);
      return {
        webhookSubscription: {
          __typename: "WebhookSubscription",
          id: gid("WebhookSubscription", sub.id),
          topic,
          uri,
          format: "JSON",
          createdAt: sub.createdAt.toISOString(),
        },
        userErrors: [],
      };
    },
    webhookSubscriptionDelete: ({ id }: { id: string }) => {
      const n = parseGid(id, "WebhookSubscription") ?? -1;
      if (!webhooks.subscriptions.delete(n)) {
        return {
          deletedWebhookSubscriptionId: null,
          userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }],
        };
      }
      return { deletedWebhookSubscriptionId: id, userErrors: [] };
    },
    inventoryAdjustQuantities: inventory.adjustQuantities,
  };
}
