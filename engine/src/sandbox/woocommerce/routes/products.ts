// /wc/v3/products and /wc/v3/products/{id}/variations: list with filters and paging, read,
// create, update (stock write-back), delete, batch.
import { Router } from "express";
import { z } from "zod";
import { invalidId, invalidParam, wcError } from "../answers.ts";
import type { ListQuery, WooState } from "../state.ts";
import type { WcProduct } from "../types.ts";
import { pagingOf, sendPage } from "./paging.ts";

const ORDERBY = ["date", "id", "modified", "title"] as const;
const STATUSES = ["any", "draft", "pending", "private", "publish"] as const;

const stockFields = {
  manage_stock: z.boolean().optional(),
  stock_quantity: z.number().int().nullable().optional(),
  stock_status: z.enum(["instock", "outofstock", "onbackorder"]).optional(),
  regular_price: z.string().optional(),
  sale_price: z.string().optional(),
  sku: z.string().optional(),
};
const productPatch = z.object({
  ...stockFields,
  name: z.string().optional(),
  status: z.enum(["publish", "draft", "pending", "private"]).optional(),
  description: z.string().optional(),
  short_description: z.string().optional(),
  categories: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string().default(""),
        slug: z.string().default(""),
      }),
    )
    .optional(),
  images: z.array(z.object({ src: z.string(), alt: z.string().default("") })).optional(),
  attributes: z
    .array(
      z.object({
        id: z.number().int().default(0),
        name: z.string(),
        options: z.array(z.string()),
        visible: z.boolean().default(true),
        variation: z.boolean().default(false),
      }),
    )
    .optional(),
});
const variationPatch = z.object(stockFields);

function toProductFields(patch: z.infer<typeof productPatch>): Partial<WcProduct> {
  const { images, attributes, ...rest } = patch;
  const fields: Partial<WcProduct> = { ...(rest as Partial<WcProduct>) };
  if (patch.regular_price !== undefined || patch.sale_price !== undefined)
    fields.price = patch.sale_price || patch.regular_price || "";
  if (images)
    fields.images = images.map((im, position) => ({
      id: 9_000_000 + position,
      src: im.src,
      name: "",
      alt: im.alt,
      position,
    }));
  if (attributes) fields.attributes = attributes.map((a, position) => ({ ...a, position }));
  return fields;
}

function listQuery(q: Record<string, unknown>): ListQuery | { invalid: string; reason: string } {
  const orderby = (q.orderby ?? "date") as string;
  if (!(ORDERBY as readonly string[]).includes(orderby))
    return { invalid: "orderby", reason: `orderby is not one of ${ORDERBY.join(", ")}.` };
  const order = (q.order ?? "desc") as string;
  if (order !== "asc" && order !== "desc")
    return { invalid: "order", reason: "order is not one of asc, desc." };
  const status = q.status as string | undefined;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    return { invalid: "status", reason: `status is not one of ${STATUSES.join(", ")}.` };
  let modifiedAfter: number | undefined;
  if (q.modified_after !== undefined) {
    const text = String(q.modified_after);
    modifiedAfter = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
    if (!Number.isFinite(modifiedAfter))
      return { invalid: "modified_after", reason: "Invalid date." };
  }
  return {
    orderby: orderby as ListQuery["orderby"],
    order,
    status: status ?? "any",
    type: q.type as string | undefined,
    sku: q.sku as string | undefined,
    ...(typeof q.include === "string" && q.include
      ? { include: q.include.split(",").map(Number).filter(Number.isInteger) }
      : {}),
    modifiedAfter,
  };
}

export function productRoutes(state: WooState): Router {
  const router = Router();

  router.get("/products", (req, res) => {
    const paging = pagingOf(req, res);
    if (!paging) return;
    const q = listQuery(req.query as Record<string, unknown>);
    if ("invalid" in q) return invalidParam(res, q.invalid, q.reason);
    const ids = state.list(q);
    sendPage(req, res, paging, ids.length, (from, to) =>
      ids.slice(from, to).map((id) => state.product(id)),
    );
  });

  router.post("/products", (req, res) => {
    const patch = productPatch.safeParse(req.body ?? {});
    if (!patch.success || !patch.data.name) return invalidParam(res, "name", "name is required.");
    res.status(201).json(state.createProduct(toProductFields(patch.data)));
  });

  router.post("/products/batch", (req, res) => {
    const body = z
      .object({
        update: z
          .array(productPatch.extend({ id: z.number().int() }))
          .max(100)
          .default([]),
      })
      .safeParse(req.body ?? {});
    if (!body.success)
      return invalidParam(res, "update", "update must be a list of at most 100 products.");
    const update = body.data.update.map(
      ({ id, ...patch }) =>
        state.updateProduct(id, toProductFields(patch)) ?? {
          id,
          error: {
            code: "woocommerce_rest_product_invalid_id",
            message: "Invalid ID.",
            data: { status: 400 },
          },
        },
    );
    res.json({ create: [], update, delete: [] });
  });

  router.get("/products/:id", (req, res) => {
    const product = state.product(Number(req.params.id));
    if (!product) return invalidId(res);
    res.json(product);
  });

  router.put("/products/:id", (req, res) => {
    const patch = productPatch.safeParse(req.body ?? {});
    if (!patch.success)
      return invalidParam(
        res,
        patch.error.issues[0]?.path.join(".") || "body",
        patch.error.issues[0]?.message ?? "invalid",
      );
    const product = state.updateProduct(Number(req.params.id), toProductFields(patch.data));
    if (!product) return invalidId(res);
    res.json(product);
  });

  router.delete("/products/:id", (req, res) => {
    if (req.query.force !== "true") {
      // The sandbox has no trash: WooCommerce's answer when trashing is not supported.
      return wcError(
        res,
        501,
        "woocommerce_rest_trash_not_supported",
        "The product does not support trashing; set force=true to delete.",
      );
    }
    const product = state.deleteProduct(Number(req.params.id));
    if (!product) return invalidId(res);
    res.json(product);
  });

  router.get("/products/:id/variations", (req, res) => {
    const paging = pagingOf(req, res);
    if (!paging) return;
    const variations = state.variations(Number(req.params.id));
    if (!variations) return invalidId(res);
    sendPage(req, res, paging, variations.length, (from, to) => variations.slice(from, to));
  });

  router.put("/products/:id/variations/:vid", (req, res) => {
    const patch = variationPatch.safeParse(req.body ?? {});
    if (!patch.success)
      return invalidParam(res, "body", patch.error.issues[0]?.message ?? "invalid");
    const fields = { ...patch.data } as Record<string, unknown>;
    if (patch.data.regular_price !== undefined)
      fields.price = patch.data.sale_price || patch.data.regular_price;
    const variation = state.updateVariation(Number(req.params.id), Number(req.params.vid), fields);
    if (!variation) return invalidId(res, "variation ID");
    res.json(variation);
  });

  return router;
}
