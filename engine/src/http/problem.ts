import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { z } from "zod";

// RFC 9457 problem details. `type` values are stable: clients may switch on them.
export const PROBLEM_BASE = "https://stoflow.app/problems/";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(status: number, slug: string, title: string, extra: Partial<Problem> = {}) {
    super(title);
    this.problem = { type: PROBLEM_BASE + slug, title, status, ...extra };
  }
}

export const problems = {
  badRequest: (detail: string) => new HttpProblem(400, "bad-request", "Bad request", { detail }),
  validation: (issues: z.core.$ZodIssue[], where: string) =>
    new HttpProblem(400, "validation", "Invalid request", {
      detail: `The request ${where} is not valid.`,
      errors: issues.slice(0, 50).map((i) => ({
        path: [where, ...i.path.map(String)].join("."),
        message: i.message,
      })),
    }),
  unauthorized: (detail = "Sign in to continue.") =>
    new HttpProblem(401, "unauthorized", "Unauthorized", { detail }),
  forbidden: (detail = "Your role does not allow this action.") =>
    new HttpProblem(403, "forbidden", "Forbidden", { detail }),
  notFound: (what = "Resource") => new HttpProblem(404, "not-found", `${what} not found`),
  conflict: (slug: string, detail: string) => new HttpProblem(409, slug, "Conflict", { detail }),
  planLimit: (limit: string, detail: string, extra: Record<string, unknown> = {}) =>
    new HttpProblem(402, "plan-limit", "Plan limit reached", { detail, limit, ...extra }),
  tooManyRequests: (detail: string, retryAfterSeconds: number) =>
    new HttpProblem(429, "too-many-requests", "Too many requests", { detail, retryAfterSeconds }),
};

export function sendProblem(res: Response, problem: Problem): void {
  if (typeof problem.retryAfterSeconds === "number") {
    res.setHeader("Retry-After", String(Math.ceil(problem.retryAfterSeconds)));
  }
  res.status(problem.status).type("application/problem+json").json(problem);
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, {
    type: `${PROBLEM_BASE}not-found`,
    title: "Not found",
    status: 404,
    detail: `No route for ${req.method} ${req.path}`,
  });
};

/** The last handler: known problems pass through, anything else becomes a bare 500. */
export function errorHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (error instanceof HttpProblem) return sendProblem(res, error.problem);
    const status = typeof error?.status === "number" ? error.status : 500;
    if (status >= 400 && status < 500) {
      // body-parser, multer and friends: malformed JSON, oversize bodies, bad uploads
      return sendProblem(res, {
        type: `${PROBLEM_BASE}${status === 413 ? "payload-too-large" : "bad-request"}`,
        title: status === 413 ? "Payload too large" : "Bad request",
        status,
        detail: error.expose ? String(error.message) : undefined,
      });
    }
    onUnexpected(error);
    sendProblem(res, { type: `${PROBLEM_BASE}internal`, title: "Internal error", status: 500 });
  };
}
