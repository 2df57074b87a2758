// The sandbox's own API under /__sandbox (never OpenAI's): faults, scripted replies, the log.
import { Router } from "express";
import { z } from "zod";
import { type Faults, faultSchema } from "./faults.ts";
import type { CompletionLog } from "./log.ts";

const repliesSchema = z.object({ contents: z.array(z.string()).min(1) });

export function controlRoutes(faults: Faults, log: CompletionLog, replies: string[]): Router {
  const router = Router();
  router.post("/faults", (req, res) => {
    const parsed = faultSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return res
        .status(400)
        .json({ error: "invalid fault", issues: z.flattenError(parsed.error).fieldErrors });
    faults.add(parsed.data);
    res.status(201).json({ faults: faults.pending() });
  });
  router.get("/faults", (_req, res) => res.json({ faults: faults.pending() }));
  router.delete("/faults", (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  router.post("/replies", (req, res) => {
    const parsed = repliesSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return res
        .status(400)
        .json({ error: "invalid replies", issues: z.flattenError(parsed.error).fieldErrors });
    replies.push(...parsed.data.contents);
    res.status(201).json({ queued: replies.length });
  });
  router.get("/requests", (_req, res) => res.json(log.snapshot()));
  router.post("/reset", (_req, res) => {
    faults.clear();
    log.clear();
    replies.length = 0;
    res.status(204).end();
  });
  return router;
}
