// Orders (checkout stand-in), webhooks and store data of /wc/v3.
import { Router } from "express";
import { z } from "zod";
import { invalidId, invalidParam, wcError } from "../answers.ts";
import type { WooState } from "../state.ts";
import type { WebhookDispatcher } from "../webhooks.ts";
import { pagingOf, sendPage } from "./paging.ts";

const TOPICS = [
  "product.created",
  "product.updated",
  "product.deleted",
  "product.restored",
  "order.created",
  "order.updated",
  "order.deleted",
];

export function storeRoutes(state: WooState, dispatcher: WebhookDispatcher): Router {
  const router = Router();

  router.post("/orders", (req, res) => {
    const body = z
      .object({
        line_items: z
          .array(
            z.object({
              product_id: z.number().int(),
              variation_id: z.number().int().optional(),
              quantity: z.number().int().positive().default(1),
            }),
          )
          .min(1),
      })
      .safeParse(req.body ?? {});
    if (!body.success) return invalidParam(res, "line_items", "line_items must list products.");
    try {
      res.status(201).json(state.createOrder(body.data.line_items));
    } catch (error) {
      wcError(res, 400, "woocommerce_rest_invalid_product_id", (error as Error).message);
    }
  });

  router.get("/orders/:id", (req, res) => {
    const order = state.orders.get(Number(req.params.id));
    if (!order) return wcError(res, 404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
    res.json(order);
  });

  const publicWebhook = ({ secret: _secret, failures: _f, ...rest }: Record<string, unknown>) =>
    rest;

  router.get("/webhooks", (req, res) => {
    const paging = pagingOf(req, res);
    if (!paging) return;
    const all = [...state.webhooks.values()];
    sendPage(req, res, paging, all.length, (from, to) =>
      all.slice(from, to).map((w) => publicWebhook({ ...w })),
    );
  });

  router.post("/webhooks", async (req, res) => {
    const body = z
      .object({
        name: z.string().default(""),
        topic: z.string(),
        delivery_url: z.url(),
        secret: z.string().min(1),
        status: z.enum(["active", "paused", "disabled"]).optional(),
      })
      .safeParse(req.body ?? {});
    if (!body.success)
      return invalidParam(
        res,
        body.error.issues[0]?.path.join(".") || "topic",
        "topic, delivery_url and secret are required.",
      );
    if (!TOPICS.includes(body.data.topic))
      return invalidParam(res, "topic", "Webhook topic must be valid.");
    const webhook = state.createWebhook(body.data);
    const pinged = await dispatcher.ping(webhook);
    if (pinged < 200 || pinged > 299) {
      state.webhooks.delete(webhook.id);
      return wcError(
        res,
        400,
        "woocommerce_rest_webhook_delivery_failed",
        `Error: Delivery URL returned response code: ${pinged}`,
      );
    }
    res.status(201).json(publicWebhook({ ...webhook }));
  });

  router.get("/webhooks/:id", (req, res) => {
    const webhook = state.webhooks.get(Number(req.params.id));
    if (!webhook) return wcError(res, 404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
    res.json(publicWebhook({ ...webhook }));
  });

  router.delete("/webhooks/:id", (req, res) => {
    const webhook = state.webhooks.get(Number(req.params.id));
    if (!webhook) return wcError(res, 404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.");
    state.webhooks.delete(webhook.id);
    res.json(publicWebhook({ ...webhook }));
  });

  router.get("/data/currencies/current", (_req, res) => {
    res.json({
      code: state.currency,
      name: state.currency === "EUR" ? "Euro" : state.currency,
      symbol: state.currency === "EUR" ? "€" : state.currency,
    });
  });

  router.get("/settings/general/:id", (req, res) => {
    const values: Record<string, string> = { woocommerce_currency: state.currency };
    const value = values[req.params.id];
    if (value === undefined) return invalidId(res, "setting");
    res.json({ id: req.params.id, label: req.params.id, type: "text", value });
  });

  return router;
}
