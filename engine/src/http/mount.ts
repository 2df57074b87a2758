import type { Db } from "@stoflow/db";
import type { Router } from "express";
import type { z } from "zod";
import { authenticate } from "../auth/authenticate.ts";
import type { Operation } from "./operation.ts";
import { problems } from "./problem.ts";

// PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the database.
function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v));
  }
  return false;
}

function parse(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  if (hasNul(value)) throw problems.badRequest(`The request ${where} contains a NUL character.`);
  const result = schema.safeParse(value);
  if (!result.success) throw problems.validation(result.error.issues, where);
  return result.data;
}

export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

/** Binds operations to a router: authentication, roles, validation, then the handler. */
export function mountOperations(
  router: Router,
  operations: Operation[],
  deps: { db: Db; jwtKey: Uint8Array },
): void {
  for (const op of operations) {
    router[op.method](expressPath(op.path), async (req, res) => {
      const auth = op.auth === "tenant" ? await authenticate(req, deps.db, deps.jwtKey) : undefined;
      if (auth && op.roles && !op.roles.includes(auth.role)) throw problems.forbidden();
      if (op.body && !req.is("application/json")) {
        throw problems.badRequest(
          "The request body must be JSON (Content-Type: application/json).",
        );
      }
      const reply = await op.handler({
        params: parse(op.params, req.params, "path"),
        query: parse(op.query, req.query, "query"),
        body: parse(op.body, req.body, "body"),
        auth: auth as never,
        req,
        res,
      });
      if (res.headersSent) return; // the handler streamed its own answer
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status ?? 200);
      if (reply.body === undefined) res.end();
      else res.json(reply.body);
    });
  }
}
