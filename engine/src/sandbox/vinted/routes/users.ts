// Who am I, and the seller's wardrobe (own items, sold ones included, paged; 96 at most).

import { Router } from "express";
import { notFound, ok } from "../answers.ts";
import { sessionOf } from "../auth.ts";
import { wardrobeItemJson } from "../serialize.ts";
import type { RouteContext } from "./items.ts";

export const WARDROBE_PAGE_CAP = 96;

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function userRoutes(context: RouteContext): Router {
  const { state } = context;
  const router = Router();

  router.get("/users/current", (_req, res) => {
    const user = state.users.get(sessionOf(res).userId);
    if (!user) return notFound(res);
    ok(res, {
      user: {
        id: user.id,
        login: user.login,
        real_name: null,
        email: `${user.login}@sandbox.invalid`,
        item_count: state.itemsOf(user.id).filter((i) => !i.isClosed).length,
        country_code: user.domain.slice(user.domain.lastIndexOf(".") + 1).toUpperCase(),
      },
    });
  });

  router.get("/wardrobe/:userId/items", (req, res) => {
    const user = state.users.get(Number(req.params.userId));
    if (!user) return notFound(res);
    const own = user.id === sessionOf(res).userId;
    const perPage = Math.min(positiveInt(req.query.per_page, 20), WARDROBE_PAGE_CAP);
    const page = positiveInt(req.query.page, 1);
    const all = state
      .itemsOf(user.id)
      .filter((item) => own || !item.isHidden)
      .sort((a, b) => b.id - a.id);
    const base = context.baseOf(req, res);
    const items = all.slice((page - 1) * perPage, page * perPage);
    ok(res, {
      items: items.map((item) => wardrobeItemJson(item, base, state)),
      pagination: {
        current_page: page,
        total_pages: Math.max(1, Math.ceil(all.length / perPage)),
        total_entries: all.length,
        per_page: perPage,
      },
    });
  });

  return router;
}
