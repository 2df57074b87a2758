import type { ErrorRequestHandler, RequestHandler, Response } from "express";

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

export function sendProblem(res: Response, problem: Problem): void {
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
      // body-parser and friends: malformed JSON, oversize bodies
      return sendProblem(res, {
        type: `${PROBLEM_BASE}${error.type === "entity.too.large" ? "payload-too-large" : "bad-request"}`,
        title: status === 413 ? "Payload too large" : "Bad request",
        status,
        detail: error.expose ? String(error.message) : undefined,
      });
    }
    onUnexpected(error);
    sendProblem(res, { type: `${PROBLEM_BASE}internal`, title: "Internal error", status: 500 });
  };
}
