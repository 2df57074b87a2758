import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { pino } from "pino";
import { pinoHttp } from "pino-http";
import { describe, expect, it } from "vitest";
import { requestLog } from "../src/http/request-log.ts";
import { REDACT } from "../src/logger.ts";

/** The middleware as it was, on pino-http: the reference for the lines. */
function pinoHttpLog(log: pino.Logger) {
  const INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;
  return pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const incoming = req.headers["x-request-id"];
      const id =
        typeof incoming === "string" && INCOMING_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    serializers: {
      req: (req) => ({ id: req.id, method: req.method, path: req.url?.split("?")[0] }),
      res: (res) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
    autoLogging: { ignore: (req) => req.url === "/api/health" },
  });
}

async function linesOf(
  middleware: (log: pino.Logger) => express.RequestHandler,
  level: string,
  requests: { path: string; id?: string }[],
) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)));
      callback();
    },
  });
  const log = pino({ level, redact: { paths: REDACT, censor: "[redacted]" } }, sink);
  const app = express();
  app.use(middleware(log));
  app.get("/api/health", (_req, res) => void res.json({ status: "ok" }));
  app.get("/ok", (_req, res) => void res.json({ ok: true }));
  app.get("/broken", (_req, res) => void res.status(500).json({ title: "Internal error" }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ids: (string | null)[] = [];
  for (const { path, id } of requests) {
    const res = await fetch(`${base}${path}`, {
      headers: { authorization: "Bearer secret-token", ...(id ? { "x-request-id": id } : {}) },
    });
    await res.text();
    ids.push(res.headers.get("x-request-id"));
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  server.close();
  // Only the clock and the stack of the error may differ.
  const stable = lines.map(({ time: _t, responseTime, err, ...rest }) => ({
    ...rest,
    responseTime: typeof responseTime,
    ...(err
      ? { err: { ...(err as object), stack: typeof (err as { stack: unknown }).stack } }
      : {}),
  }));
  return { lines: stable, ids };
}

describe("the request log", () => {
  const requests = [
    { path: "/ok?token=hidden&q=1", id: "req-1" },
    { path: "/missing", id: "req-2" },
    { path: "/broken", id: "req-3" },
    { path: "/api/health", id: "req-4" },
    { path: "/ok", id: "not a sane id!" },
    { path: "/ok" },
  ];

  it.each(["info", "warn", "error", "silent"])("writes pino-http's lines at %s", async (level) => {
    const before = await linesOf(pinoHttpLog, level, requests);
    const now = await linesOf(requestLog, level, requests);
    expect(now.ids.slice(0, 4)).toEqual(["req-1", "req-2", "req-3", "req-4"]);
    expect(now.ids[4]).toMatch(/^[0-9a-f-]{36}$/);
    // Random ids differ from run to run: compare them by shape.
    const masked = (lines: Record<string, unknown>[], ids: (string | null)[]) =>
      JSON.parse(
        JSON.stringify(lines).replaceAll(String(ids[4]), "ID5").replaceAll(String(ids[5]), "ID6"),
      );
    expect(masked(now.lines, now.ids)).toEqual(masked(before.lines, before.ids));
    expect(JSON.stringify(now.lines)).not.toContain("hidden");
    expect(JSON.stringify(now.lines)).not.toContain("secret-token");
    if (level === "info") expect(now.lines).toHaveLength(5); // health is not logged
  });
});
