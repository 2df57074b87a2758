import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { pino } from "pino";
import type { Logger } from "../logger.ts";

const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;
type Level = "info" | "warn" | "error";

/**
 * A request id on every request (the caller's X-Request-Id when sane) and one log line each
 * once the response is done, with only the method and path of the request: query strings,
 * bodies and auth headers stay out of the logs. "request completed" at info (warn for a 4xx),
 * "request errored" at error for a 5xx: the lines pino-http wrote (request-log.test.ts holds
 * them side by side). The line's logger is only made when its level is enabled, so that a
 * request nobody logs (LOG_LEVEL=warn and a 2xx) serialises nothing: pino-http made it for
 * every request, a third of the engine's time on a cached product list.
 */
export function requestLog(log: Logger): RequestHandler {
  const lines = log.child({}, { serializers: { err: pino.stdSerializers.err } });
  return (req, res, next) => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", id);
    (req as { id?: string }).id = id;
    if (req.url === "/api/health") return next();
    const start = Date.now();
    const logged = { id, method: req.method, path: (req.originalUrl || req.url).split("?")[0] };
    const done = () => {
      res.off("close", done);
      res.off("finish", done);
      const status = res.statusCode;
      const level: Level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
      if (!lines.isLevelEnabled(level)) return;
      const line = lines.child({ req: logged });
      const responseTime = Date.now() - start;
      if (status >= 500) {
        const err = new Error(`failed with status code ${status}`);
        line[level]({ res: { status }, err, responseTime }, "request errored");
      } else {
        line[level]({ res: { status }, responseTime }, "request completed");
      }
    };
    res.on("close", done);
    res.on("finish", done);
    next();
  };
}
