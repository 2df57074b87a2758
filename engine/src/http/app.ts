import express from "express";
import type { Database } from "../database.ts";
import type { Logger } from "../logger.ts";
import { healthRouter } from "./health.ts";
import { errorHandler, notFound } from "./problem.ts";

export interface AppDeps {
  database: Database;
  log: Logger;
}

export function createApp({ database, log }: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRouter(database));
  app.use(notFound);
  app.use(errorHandler((error) => log.error({ err: error }, "Unhandled request error")));
  return app;
}
