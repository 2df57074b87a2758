// Every Admin API and result-file request the sandbox answered, newest last: tests check
// that a client paced itself (no THROTTLED answers) and sent its token.

import type { NextFunction, Request, Response } from "express";

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  /** GraphQL error code of a 200 answer (THROTTLED, MAX_COST_EXCEEDED), if any. */
  code: string | null;
  token: boolean; // an access token was sent (never its value)
  range: string | null; // the Range header of a result-file download
}

const KEEP = 20_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const path = req.originalUrl.split("?")[0] ?? req.originalUrl;
      const add = (status: number) => {
        this.entries.push({
          at: new Date().toISOString(),
          method: req.method,
          path,
          status,
          code: (res.locals.graphqlCode as string | undefined) ?? null,
          token: req.get("x-shopify-access-token") !== undefined,
          range: req.get("range") ?? null,
        });
        if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
      };
      // Logged when the answer is handed over, before the client can act on it.
      res.on("finish", () => add(res.statusCode));
      res.on("close", () => {
        if (!res.writableFinished) add(0); // hung up (timeouts, cut downloads)
      });
      next();
    };
  }
}
