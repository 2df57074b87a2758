import { Router } from "express";
import swaggerUi from "swagger-ui-express";
import { buildOpenApi } from "./openapi.ts";
import type { Operation } from "./operation.ts";

/** /api/openapi.json and interactive docs at /api/docs (assets served locally, no CDN). */
export function apiDocsRouter(operations: Operation[], version: string): Router {
  const document = buildOpenApi(operations, version);
  const router = Router();
  router.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });
  router.use(
    "/api/docs",
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      customSiteTitle: "Stoflow API",
      swaggerOptions: { url: "/api/openapi.json" },
    }),
  );
  return router;
}
