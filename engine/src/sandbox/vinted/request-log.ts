// Every Vinted API request the sandbox answered, newest last, so tests can check what a
// client sent (headers of a browser session) and that it stopped calling when it should.

import type { NextFunction, Request, Response } from "express";
import { cookiesOf } from "./auth.ts";

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  status: number;
  anonId: string | null;
  headers: {
    userAgent: string | null;
    acceptLanguage: string | null;
    xAnonId: string | null;
    xCsrfToken: boolean; // present or not; the value is a secret
  };
}

const KEEP = 5000;

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
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === "string" ? value : null;
      };
      const path = `${req.baseUrl}${req.path}`;
      res.on("finish", () => this.add(req, res.statusCode, path, header));
      res.on("close", () => {
        if (!res.writableFinished) this.add(req, 0, path, header); // hung up (timeouts)
      });
      next();
    };
  }

  private add(req: Request, status: number, path: string, header: (n: string) => string | null) {
    this.entries.push({
      at: new Date().toISOString(),
      method: req.method,
      path,
      status,
      anonId: cookiesOf(req).anon_id ?? null,
      headers: {
        userAgent: header("user-agent"),
        acceptLanguage: header("accept-language"),
        xAnonId: header("x-anon-id"),
        xCsrfToken: header("x-csrf-token") !== null,
      },
    });
    // Trimmed by the hundred: one shift of the whole log per request is quadratic under load.
    if (this.entries.length > KEEP + 100) this.entries.splice(0, this.entries.length - KEEP);
  }
}
