// The sandbox's own API under /__sandbox, never part of Shopify's protocol: seed a catalog,
// edit, delete and order products (each sends the webhooks Shopify would), hold and release
// webhook deliveries, inject faults, tune the throttle, read state and the request log.

import { type Response, Router } from "express";
import { z } from "zod";
import type { BulkOperations } from "./bulk.ts";
import { buildProduct, random, seedCatalog } from "./catalog.ts";
import { type Faults, faultRateSchema, faultSchema } from "./faults.ts";
import type { RequestLog } from "./request-log.ts";
import type { ShopState } from "./state.ts";
import type { CostBucket } from "./throttle.ts";
import type { Webhooks } from "./webhooks.ts";

const seedSchema = z.object({
  count: z.number().int().min(1).max(200_000),
  seed: z.number().int().optional(),
  variants: z.number().int().min(1).max(5).optional(),
});
const editSchema = z.object({
  title: z.string().min(1).optional(),
  descriptionHtml: z.string().optional(),
  vendor: z.string().optional(),
  productType: z.string().optional(),
  tags: z.array(z.string()).optional(),
  status: z.enum(["ACTIVE", "DRAFT", "ARCHIVED"]).optional(),
  /** Sets every variant's price. */
  price: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/)
    .optional(),
});
const orderSchema = z.object({
  lineItems: z
    .array(z.object({ variantId: z.number().int(), quantity: z.number().int().min(1).default(1) }))
    .min(1),
});
const triggerSchema = z.object({
  topic: z.enum([
    "products/create",
    "products/update",
    "products/delete",
    "inventory_levels/update",
  ]),
  productId: z.number().int(),
});
const throttleSchema = z.object({
  maximumAvailable: z.number().positive(),
  restoreRate: z.number().positive(),
});

export interface ControlDeps {
  state: ShopState;
  faults: Faults;
  log: RequestLog;
  webhooks: Webhooks;
  bulk: BulkOperations;
  bucket: CostBucket;
  imageBase: () => string;
}

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: "invalid request", issues: z.flattenError(error).fieldErrors });
}

export function controlRoutes(deps: ControlDeps): Router {
  const { state, faults, log, webhooks, bucket } = deps;
  const router = Router();
  let made = 0;

  router.post("/products/seed", (req, res) => {
    const parsed = seedSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const products = seedCatalog(state, {
      ...parsed.data,
      seed: parsed.data.seed ?? ++made,
      imageBase: deps.imageBase(),
    });
    res.status(201).json({ created: products.length, ids: products.map((p) => p.id) });
  });

  /** One new product, announced with products/create. */
  router.post("/products", (req, res) => {
    const parsed = seedSchema.pick({ seed: true, variants: true }).safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const rnd = random(parsed.data.seed ?? Date.now());
    const product = state.add(
      buildProduct(state, rnd, state.products.size + 1, {
        ...parsed.data,
        imageBase: deps.imageBase(),
      }),
    );
    res.status(201).json({ product: state.restProduct(product) });
  });

  router.get("/products/:id", (req, res) => {
    const product = state.products.get(Number(req.params.id));
    if (!product) return res.status(404).json({ error: "no such product" });
    res.json({ product: state.restProduct(product) });
  });

  router.patch("/products/:id", (req, res) => {
    const product = state.products.get(Number(req.params.id));
    if (!product) return res.status(404).json({ error: "no such product" });
    const parsed = editSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const { price, ...fields } = parsed.data;
    Object.assign(product, fields);
    if (price) for (const v of product.variants) v.price = price;
    state.touch(product);
    res.json({ product: state.restProduct(product) });
  });

  router.delete("/products/:id", (req, res) => {
    if (!state.remove(Number(req.params.id)))
      return res.status(404).json({ error: "no such product" });
    res.status(204).end();
  });

  router.post("/orders", (req, res) => {
    const parsed = orderSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const missing = parsed.data.lineItems.find((l) => !state.variants.has(l.variantId));
    if (missing) return res.status(404).json({ error: `no such variant ${missing.variantId}` });
    const order = state.createOrder(parsed.data.lineItems);
    res.status(201).json({ order: state.restOrder(order) });
  });

  router.get("/webhooks", (_req, res) => {
    res.json({
      subscriptions: [...webhooks.subscriptions.values()],
      hold: webhooks.hold,
      deliveries: webhooks.deliveries.map(({ body, ...d }) => ({
        ...d,
        bytes: Buffer.byteLength(body),
      })),
    });
  });

  /** Sends a topic's delivery for a product as it is now, without changing it. */
  router.post("/webhooks/trigger", (req, res) => {
    const parsed = triggerSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const product = state.products.get(parsed.data.productId);
    if (!product) return res.status(404).json({ error: "no such product" });
    const { topic } = parsed.data;
    const made =
      topic === "inventory_levels/update"
        ? product.variants.flatMap((v) => webhooks.publish(topic, state.levelPayload(v)))
        : webhooks.publish(
            topic,
            topic === "products/delete" ? { id: product.id } : state.restProduct(product),
          );
    res.status(202).json({ webhookIds: made.map((d) => d.webhookId) });
  });

  router.put("/webhooks/hold", (req, res) => {
    webhooks.hold = req.body?.hold !== false;
    res.json({ hold: webhooks.hold });
  });

  router.post("/webhooks/release", (req, res) => {
    const order = req.body?.order === "newest_first" ? "newest_first" : "oldest_first";
    res.json({ released: webhooks.release(order).map((d) => d.webhookId) });
  });

  router.post("/webhooks/deliveries/:webhookId/redeliver", (req, res) => {
    const delivery = webhooks.redeliver(req.params.webhookId);
    if (!delivery) return res.status(404).json({ error: "no such delivery" });
    res.status(202).json({ webhookId: delivery.webhookId });
  });

  router.post("/faults", (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    faults.add(parsed.data);
    res.status(201).json(faults.pending());
  });

  router.put("/faults/rate", (req, res) => {
    const parsed = faultRateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    faults.setRate(parsed.data.rate > 0 ? parsed.data : undefined);
    res.json(faults.pending());
  });

  router.get("/faults", (_req, res) => {
    res.json(faults.pending());
  });

  router.delete("/faults", (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

  router.put("/throttle", (req, res) => {
    const parsed = throttleSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    bucket.configure(parsed.data);
    res.json({ throttleStatus: bucket.status() });
  });

  router.get("/requests", (_req, res) => {
    res.json({ requests: log.list() });
  });

  router.delete("/requests", (_req, res) => {
    log.clear();
    res.status(204).end();
  });

  router.get("/state", (_req, res) => {
    res.json({
      shop: state.domain,
      products: state.products.size,
      variants: state.variants.size,
      orders: state.orders.size,
      bulkOperations: [...deps.bulk.operations.values()].map(({ file: _file, ...op }) => op),
      throttleStatus: bucket.status(),
    });
  });

  return router;
}
