import { type Db, NotAMemberError, type Tx, withTenant } from "@stoflow/db";
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { authenticate, authenticateClaim, NOT_A_MEMBER } from "../auth/authenticate.ts";
import type { Auth, Operation, Reply, Role } from "./operation.ts";
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

/** Authorisation by role, validation, then the handler. */
function run(
  op: Operation,
  req: Request,
  res: Response,
  auth: Auth | undefined,
  tx: Tx | undefined,
): Promise<Reply> {
  if (auth && op.roles && !op.roles.includes(auth.role)) throw problems.forbidden();
  if (op.body && !req.is("application/json")) {
    throw problems.badRequest("The request body must be JSON (Content-Type: application/json).");
  }
  return op.handler({
    params: parse(op.params, req.params, "path"),
    query: parse(op.query, req.query, "query"),
    body: parse(op.body, req.body, "body"),
    auth: auth as never,
    tx: tx as never,
    req,
    res,
  });
}

/**
 * An operation whose work is one tenant transaction: the transaction is opened first, and for a
 * signed-in user its opening statement also checks the membership and reads the role, so the
 * role check, validation and handler run inside it, in the same order as elsewhere.
 */
async function runInTenant(
  op: Operation,
  req: Request,
  res: Response,
  deps: { db: Db; jwtKey: Uint8Array },
): Promise<Reply> {
  const { claimed, member } = await authenticateClaim(req, deps.db, deps.jwtKey);
  try {
    return await withTenant(
      deps.db,
      claimed.tenantId,
      (tx, access) =>
        run(op, req, res, member ? { ...claimed, role: access.role as Role } : claimed, tx),
      { member },
    );
  } catch (error) {
    if (error instanceof NotAMemberError) throw problems.unauthorized(NOT_A_MEMBER);
    throw error;
  }
}

/** Binds operations to a router: authentication, roles, validation, then the handler. */
export function mountOperations(
  router: Router,
  operations: Operation[],
  deps: { db: Db; jwtKey: Uint8Array },
): void {
  for (const op of operations) {
    if (op.tenantTransaction && op.auth !== "tenant") {
      throw new Error(`${op.operationId}: tenantTransaction needs auth "tenant"`);
    }
    router[op.method](expressPath(op.path), async (req, res) => {
      const reply = op.tenantTransaction
        ? await runInTenant(op, req, res, deps)
        : await run(
            op,
            req,
            res,
            op.auth === "tenant" ? await authenticate(req, deps.db, deps.jwtKey) : undefined,
            undefined,
          );
      if (res.headersSent) return; // the handler streamed its own answer
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status ?? 200);
      if (reply.json !== undefined) res.type("application/json").send(reply.json);
      else if (reply.body === undefined) res.end();
      else res.json(reply.body);
    });
  }
}
