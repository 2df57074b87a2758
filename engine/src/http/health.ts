import { Router } from "express";
import type { Database } from "../database.ts";

/** Liveness plus the database's state; 503 when the database does not answer. */
export function healthRouter(database: Database): Router {
  const router = Router();
  router.get("/api/health", async (_req, res) => {
    const started = performance.now();
    const mode = database.embedded ? "embedded" : "external";
    try {
      await database.pool.query("SELECT 1");
      res.json({
        status: "ok",
        database: { status: "up", mode, latencyMs: Math.round(performance.now() - started) },
      });
    } catch {
      res.status(503).json({ status: "unavailable", database: { status: "down", mode } });
    }
  });
  return router;
}
