import cors from "cors";
import express from "express";
import helmet from "helmet";
import { operations } from "../api/operations.ts";
import type { EngineContext } from "../context.ts";
import { apiDocsRouter } from "./api-docs.ts";
import { dashboardRouter } from "./dashboard.ts";
import { healthRouter } from "./health.ts";
import { mountOperations } from "./mount.ts";
import { errorHandler, notFound } from "./problem.ts";
import { keepWebhookRawBody } from "./raw-body.ts";
import { requestLog } from "./request-log.ts";

export const API_VERSION = "1.0.0";
export const JSON_BODY_LIMIT = "1mb";

export function createApp(ctx: EngineContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.trustProxy);
  app.use(requestLog(ctx.log));
  app.use(helmet());
  app.use(cors({ origin: ctx.config.corsOrigins, credentials: false, maxAge: 600 }));
  app.use(healthRouter(ctx.database));
  const ops = operations(ctx);
  app.use(apiDocsRouter(ops, API_VERSION));
  app.use(
    express.json({
      limit: JSON_BODY_LIMIT,
      type: ["application/json", "application/*+json"],
      verify: keepWebhookRawBody,
    }),
  );
  const api = express.Router();
  mountOperations(api, ops, { db: ctx.database.db, jwtKey: ctx.keys.jwt, caches: ctx.caches });
  app.use(api);
  const dashboard = ctx.config.dashboardDir ? dashboardRouter(ctx.config.dashboardDir) : undefined;
  if (dashboard) app.use(dashboard);
  app.use(notFound);
  app.use(errorHandler((error) => ctx.log.error({ err: error }, "Unhandled request error")));
  return app;
}
