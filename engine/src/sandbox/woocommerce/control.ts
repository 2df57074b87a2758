// The sandbox's own control API under /__sandbox (not WooCommerce's): seed the catalog, make
// keys, inject faults, hold and release webhook deliveries, read what happened.
import { Router } from "express";
import { z } from "zod";
import { type Faults, faultSchema, randomFaultsSchema, rateLimitSchema } from "./faults.ts";
import type { WooState } from "./state.ts";
import type { WebhookDispatcher } from "./webhooks.ts";

export function controlRoutes(
  state: WooState,
  faults: Faults,
  dispatcher: WebhookDispatcher,
  requests: () => unknown[],
): Router {
  const router = Router();
  const bad = (res: import("express").Response, error: z.ZodError) =>
    res
      .status(400)
      .json({ error: error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });

  router.post("/seed", (req, res) => {
    const body = z
      .object({
        count: z.number().int().min(0).max(5_000_000),
        variableRatio: z.number().min(0).max(1).optional(),
        seed: z.number().int().optional(),
      })
      .safeParse(req.body ?? {});
    if (!body.success) return bad(res, body.error);
    state.seed(body.data.count, {
      ...(body.data.variableRatio !== undefined ? { variableRatio: body.data.variableRatio } : {}),
      ...(body.data.seed !== undefined ? { seed: body.data.seed } : {}),
    });
    res.json({ products: state.productCount });
  });

  router.post("/keys", (req, res) => {
    const body = z
      .object({ permissions: z.enum(["read", "write", "read_write"]).default("read_write") })
      .safeParse(req.body ?? {});
    if (!body.success) return bad(res, body.error);
    const key = state.createKey(body.data.permissions);
    res.status(201).json({
      consumer_key: key.consumerKey,
      consumer_secret: key.consumerSecret,
      key_permissions: key.permissions,
    });
  });

  router.get("/state", (_req, res) => {
    res.json({
      products: state.productCount,
      orders: state.orders.size,
      webhooks: [...state.webhooks.values()].map(({ secret: _s, ...w }) => w),
      faultsInjected: faults.injected,
    });
  });

  router.post("/faults", (req, res) => {
    const body = faultSchema.safeParse(req.body ?? {});
    if (!body.success) return bad(res, body.error);
    faults.add(body.data);
    res.status(201).json({ pending: faults.pending() });
  });

  router.put("/faults/random", (req, res) => {
    const body = randomFaultsSchema.safeParse(req.body ?? {});
    if (!body.success) return bad(res, body.error);
    faults.random = body.data.rate > 0 ? body.data : undefined;
    res.json({ random: faults.random ?? null });
  });

  router.put("/permalinks", (req, res) => {
    const body = z.object({ structure: z.enum(["pretty", "plain"]) }).safeParse(req.body ?? {});
    if (!body.success) return bad(res, body.error);
    state.permalinks = body.data.structure;
    res.json({ structure: state.permalinks });
  });

  router.put("/rate-limit", (req, res) => {
    // {} turns the limit off.
    const empty = !req.body || Object.keys(req.body).length === 0;
    const body = rateLimitSchema.safeParse(req.body);
    if (!empty && !body.success) return bad(res, body.error);
    faults.rateLimit = empty ? undefined : body.data;
    res.json({ rateLimit: faults.rateLimit ?? null });
  });

  router.delete("/faults", (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

  router.put("/deliveries/hold", (req, res) => {
    dispatcher.hold = req.body?.hold !== false;
    res.json({ hold: dispatcher.hold });
  });

  router.post("/deliveries/release", (req, res) => {
    const order = req.body?.order === "reverse" ? "reverse" : "fifo";
    res.json({ released: dispatcher.release(order) });
  });

  router.get("/deliveries", (_req, res) => {
    res.json({ deliveries: dispatcher.deliveries.map(({ body: _b, ...d }) => d) });
  });

  router.post("/deliveries/:id/redeliver", async (req, res) => {
    const delivery = await dispatcher.redeliver(req.params.id);
    if (!delivery) return res.status(404).json({ error: "No such delivery." });
    res.json({ id: delivery.id, lastStatus: delivery.lastStatus });
  });

  router.get("/requests", (_req, res) => {
    res.json({ requests: requests() });
  });

  return router;
}
