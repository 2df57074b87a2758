import { type Db, NotAMemberError, type Tx, withTenant } from "@stoflow/db";
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { authenticate, authenticateClaim, NOT_A_MEMBER } from "../auth/authenticate.ts";
import type { Caches } from "../cache/caches.ts";
import { authenticateDevice } from "../devices/device-auth.ts";
import { authenticateSite } from "../sites/site-auth.ts";
import type { Auth, DeviceAuth, Operation, Reply, Role, SiteAuth } from "./operation.ts";
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

interface Deps {
  db: Db;
  jwtKey: Uint8Array;
  caches?: Caches | undefined;
}

type Caller = Auth | DeviceAuth | SiteAuth | undefined;

function authorize(op: Operation, req: Request, auth: Caller): void {
  if (auth && "role" in auth && op.roles && !op.roles.includes(auth.role)) {
    throw problems.forbidden();
  }
  if (op.body && !req.is("application/json")) {
    throw problems.badRequest("The request body must be JSON (Content-Type: application/json).");
  }
}

/** Authorisation by role, validation, then the handler. */
function run(
  op: Operation,
  req: Request,
  res: Response,
  auth: Caller,
  tx: Tx | undefined,
): Promise<Reply> {
  authorize(op, req, auth);
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

/** A cached answer: the bytes sent, and the ETag express would compute for them. */
export interface Answer {
  body: Buffer;
  etag: string | undefined;
}

function answerOf(req: Request, json: string): Answer {
  const body = Buffer.from(json);
  const etagOf = req.app.get("etag fn") as ((body: Buffer, encoding: string) => string) | undefined;
  return { body, etag: etagOf?.(body, "utf8") };
}

const replyOf = (answer: Answer): Reply => ({
  json: answer.body,
  ...(answer.etag ? { headers: { ETag: answer.etag } } : {}),
});

/**
 * An operation whose work is one tenant transaction: the transaction is opened first, and for a
 * signed-in user its opening statement also checks the membership and reads the role, so the
 * role check, validation and handler run inside it, in the same order as elsewhere.
 *
 * A `cached` operation first looks in the process's caches: a caller whose membership is known
 * asking what was answered before (the same URL: it passed validation then) gets the stored
 * answer, with no database round trip. Otherwise the transaction runs, and what it read (the
 * membership, the answer) is stored under tickets taken before it began, so that a change
 * committed meanwhile is never stored over.
 */
async function runInTenant(op: Operation, req: Request, res: Response, deps: Deps): Promise<Reply> {
  const { claimed, member } = await authenticateClaim(req, deps.db, deps.jwtKey);
  const tenantId = claimed.tenantId;
  const caches = op.cached && deps.caches?.feed.live ? deps.caches : undefined;
  const key = `${op.operationId} ${req.originalUrl}`;
  if (caches) {
    const role = member ? caches.members.get(tenantId, member) : claimed.role;
    if (role !== undefined) {
      authorize(op, req, { ...claimed, role });
      const answer = caches.answers.get(tenantId, key);
      if (answer) return replyOf(answer);
    }
  }
  const tickets = caches && {
    members: caches.members.ticket(tenantId),
    answers: caches.answers.ticket(tenantId),
  };
  let reply: Reply;
  try {
    reply = await withTenant(
      deps.db,
      tenantId,
      (tx, access) => {
        const auth = member ? { ...claimed, role: access.role as Role } : claimed;
        if (caches && tickets && member) caches.members.set(tickets.members, member, auth.role);
        return run(op, req, res, auth, tx);
      },
      { member },
    );
  } catch (error) {
    if (error instanceof NotAMemberError) throw problems.unauthorized(NOT_A_MEMBER);
    throw error;
  }
  if (caches && tickets && typeof reply.json === "string" && (reply.status ?? 200) === 200) {
    const answer = answerOf(req, reply.json);
    caches.answers.set(tickets.answers, key, answer);
    return replyOf(answer);
  }
  return reply;
}

function caller(op: Operation, req: Request, deps: Deps): Promise<Caller> {
  if (op.auth === "tenant") return authenticate(req, deps.db, deps.jwtKey);
  if (op.auth === "device") return authenticateDevice(req, deps.db);
  if (op.auth === "site") return authenticateSite(req, deps.db);
  return Promise.resolve(undefined);
}

/** Binds operations to a router: authentication, roles, validation, then the handler. */
export function mountOperations(router: Router, operations: Operation[], deps: Deps): void {
  for (const op of operations) {
    if (op.tenantTransaction && op.auth !== "tenant") {
      throw new Error(`${op.operationId}: tenantTransaction needs auth "tenant"`);
    }
    if (op.cached && (!op.tenantTransaction || op.method !== "get")) {
      throw new Error(`${op.operationId}: cached needs a GET with tenantTransaction`);
    }
    router[op.method](expressPath(op.path), async (req, res) => {
      let reply: Reply;
      try {
        reply = op.tenantTransaction
          ? await runInTenant(op, req, res, deps)
          : await run(op, req, res, await caller(op, req, deps), undefined);
      } finally {
        // Whatever this request may have changed is out of the caches before it answers, so
        // the caller's next read, here, is never older than its write.
        if (op.method !== "get") await deps.caches?.feed.barrier();
      }
      if (res.headersSent) return; // the handler streamed its own answer
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status ?? 200);
      if (reply.json !== undefined) res.type("application/json").send(reply.json);
      else if (reply.body === undefined) res.end();
      else res.json(reply.body);
    });
  }
}
