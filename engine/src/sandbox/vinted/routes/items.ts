// Listing actions: create, read for editing, update, hide/show, delete.

import { type Request, type Response, Router } from "express";
import { businessError, notFound, ok } from "../answers.ts";
import { sessionOf } from "../auth.ts";
import { checkItem, type ItemBody, uploadBodySchema } from "../item-rules.ts";
import { uploadItemJson } from "../serialize.ts";
import type { SandboxItem, SandboxState } from "../state.ts";

export interface RouteContext {
  state: SandboxState;
  /** The site's base URL as the client sees it (for item and photo URLs). */
  baseOf: (req: Request, res: Response) => string;
}

/** The body as an item, or a 400 already sent. */
function readItem(req: Request, res: Response, context: RouteContext): ItemBody | undefined {
  const parsed = uploadBodySchema.safeParse(req.body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: issue.path.filter((p) => p !== "item").join("."),
      value: issue.message,
    }));
    businessError(res, 400, 99, "Validation failed", "validation_error", errors);
    return undefined;
  }
  if (parsed.data.push_up === true) {
    businessError(res, 400, 99, "The sandbox refuses paid bumps", "validation_error", [
      { field: "push_up", value: "push_up must be false" },
    ]);
    return undefined;
  }
  const errors = checkItem(parsed.data.item, sessionOf(res).userId, context.state);
  if (errors.length > 0) {
    businessError(res, 400, 99, errors.map((e) => e.value).join(". "), "validation_error", errors);
    return undefined;
  }
  return parsed.data.item;
}

function applyBody(item: SandboxItem, body: ItemBody): void {
  item.title = body.title.trim();
  item.description = body.description;
  item.brandId = body.brand_id ?? null;
  item.brand = body.brand ?? null;
  item.sizeId = body.size_id ?? null;
  item.catalogId = body.catalog_id;
  item.statusId = body.status_id;
  item.colorIds = body.color_ids;
  item.price = Number(body.price).toFixed(2);
  item.currency = body.currency;
  item.packageSizeId = body.package_size_id;
  item.photoIds = body.assigned_photos.map((p) => p.id);
  item.updatedAt = new Date().toISOString();
}

/** The seller's own item that can still be edited, or a 404 already sent. */
function editable(req: Request, res: Response, state: SandboxState): SandboxItem | undefined {
  const item = state.items.get(Number(req.params.id));
  if (!item || item.userId !== sessionOf(res).userId || item.isClosed || item.isReserved) {
    notFound(res);
    return undefined;
  }
  return item;
}

export function itemRoutes(context: RouteContext): Router {
  const { state } = context;
  const router = Router();

  router.post("/item_upload/items", (req, res) => {
    const body = readItem(req, res, context);
    if (!body) return;
    const now = new Date().toISOString();
    const item: SandboxItem = {
      id: state.newItemId(),
      userId: sessionOf(res).userId,
      title: "",
      description: "",
      brandId: null,
      brand: null,
      sizeId: null,
      catalogId: 0,
      statusId: 0,
      colorIds: [],
      price: "0.00",
      currency: "EUR",
      packageSizeId: 0,
      photoIds: [],
      isHidden: false,
      isClosed: false,
      isReserved: false,
      closingAction: null,
      viewCount: 0,
      favouriteCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    applyBody(item, body);
    state.items.set(item.id, item);
    ok(res, { item: uploadItemJson(item, context.baseOf(req, res)) });
  });

  router.get("/item_upload/items/:id", (req, res) => {
    const item = editable(req, res, state);
    if (item) ok(res, { item: uploadItemJson(item, context.baseOf(req, res)) });
  });

  router.put("/item_upload/items/:id", (req, res) => {
    const item = editable(req, res, state);
    if (!item) return;
    const body = readItem(req, res, context);
    if (!body) return;
    applyBody(item, body);
    ok(res, { item: uploadItemJson(item, context.baseOf(req, res)) });
  });

  router.put("/items/:id/is_hidden", (req, res) => {
    const item = editable(req, res, state);
    if (!item) return;
    if (typeof req.body?.is_hidden !== "boolean") {
      return businessError(res, 400, 99, "is_hidden must be true or false", "validation_error", [
        { field: "is_hidden", value: "must be a boolean" },
      ]);
    }
    item.isHidden = req.body.is_hidden;
    ok(res, {});
  });

  const remove = (req: Request, res: Response) => {
    const item = editable(req, res, state);
    if (!item) return;
    state.items.delete(item.id);
    ok(res, {});
  };
  router.delete("/items/:id", remove);
  router.post("/items/:id/delete", remove);

  return router;
}
