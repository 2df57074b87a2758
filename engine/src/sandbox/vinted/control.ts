// The sandbox's own API under /__sandbox: never part of Vinted's protocol. Tests and the
// `stoflow sandbox` command use it to make sellers, sell items, inject faults, read state.

import { type Response, Router } from "express";
import { z } from "zod";
import { isVintedDomain, VINTED_DOMAINS } from "../../channels/vinted/domains.ts";
import { burstSchema, type Faults, faultSchema } from "./faults.ts";
import type { RequestLog } from "./request-log.ts";
import type { SandboxState } from "./state.ts";

const newUserSchema = z.object({
  login: z
    .string()
    .regex(/^[a-z0-9_.-]{2,40}$/i)
    .optional(),
  domain: z
    .string()
    .refine(isVintedDomain, { message: `one of ${VINTED_DOMAINS.join(", ")}` })
    .default("www.vinted.fr"),
});

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: "invalid request", issues: z.flattenError(error).fieldErrors });
}

export function controlRoutes(state: SandboxState, faults: Faults, log: RequestLog): Router {
  const router = Router();

  router.post("/users", (req, res) => {
    const parsed = newUserSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    const domain = parsed.data.domain as (typeof VINTED_DOMAINS)[number];
    const login = parsed.data.login ?? `seller${state.users.size + 1}`;
    const user = state.createUser(login, domain);
    res.status(201).json({ user, session: state.captured(state.createSession(user)) });
  });

  router.post("/users/:id/sessions", (req, res) => {
    const user = state.users.get(Number(req.params.id));
    if (!user) return res.status(404).json({ error: "no such user" });
    res.status(201).json({ session: state.captured(state.createSession(user)) });
  });

  router.post("/users/:id/expire-sessions", (req, res) => {
    const user = state.users.get(Number(req.params.id));
    if (!user) return res.status(404).json({ error: "no such user" });
    res.json({ expired: state.expireSessions(user.id) });
  });

  router.get("/users/:id/items", (req, res) => {
    const user = state.users.get(Number(req.params.id));
    if (!user) return res.status(404).json({ error: "no such user" });
    res.json({ items: state.itemsOf(user.id) });
  });

  router.post("/items/:id/sell", (req, res) => {
    const item = state.sell(Number(req.params.id));
    if (!item) return res.status(404).json({ error: "no such item" });
    res.json({ item });
  });

  router.post("/items/:id/reserve", (req, res) => {
    const item = state.items.get(Number(req.params.id));
    if (!item) return res.status(404).json({ error: "no such item" });
    item.isReserved = true;
    res.json({ item });
  });

  router.post("/faults", (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    faults.add(parsed.data);
    res.status(201).json({ faults: faults.pending() });
  });

  router.get("/faults", (_req, res) => {
    res.json({ faults: faults.pending(), burst: faults.burst ?? null });
  });

  /** Clears queued faults and any DataDome block in force (the burst rule stays). */
  router.delete("/faults", (_req, res) => {
    faults.clear();
    res.status(204).end();
  });

  router.put("/burst", (req, res) => {
    if (req.body === null) {
      faults.burst = undefined;
      return res.json({ burst: null });
    }
    const parsed = burstSchema.safeParse(req.body ?? {});
    if (!parsed.success) return invalid(res, parsed.error);
    faults.burst = parsed.data;
    res.json({ burst: faults.burst });
  });

  router.delete("/burst", (_req, res) => {
    faults.burst = undefined;
    res.status(204).end();
  });

  router.get("/requests", (_req, res) => {
    res.json({ requests: log.list() });
  });

  router.delete("/requests", (_req, res) => {
    log.clear();
    res.status(204).end();
  });

  router.get("/state", (_req, res) => {
    const users = [...state.users.values()].map((user) => {
      const items = state.itemsOf(user.id);
      return {
        ...user,
        items: items.length,
        active: items.filter((i) => !i.isClosed && !i.isHidden && !i.isReserved).length,
        sold: items.filter((i) => i.closingAction === "sold").length,
      };
    });
    res.json({ users, photos: state.photos.size, items: state.items.size });
  });

  return router;
}
