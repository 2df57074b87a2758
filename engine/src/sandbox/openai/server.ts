// The OpenAI sandbox: a local server speaking OpenAI's chat completions API (what the `openai`
// SDK calls), with structured outputs, usage counts and injectable 429/5xx/slow answers.
// Point the engine at it with OPENAI_BASE_URL=<url>/v1 and any OPENAI_API_KEY.
import express, { type NextFunction, type Request, type Response } from "express";
import { createHttpServer } from "../../http/http-server.ts";
import { listen } from "../listen.ts";
import { type CompletionsContext, completionRoutes } from "./completions.ts";
import { controlRoutes } from "./control.ts";
import { apiError } from "./errors.ts";
import { Faults } from "./faults.ts";
import { CompletionLog } from "./log.ts";

export interface OpenAiSandboxOptions {
  port?: number;
  host?: string;
  /** When set, only this key is accepted (401 otherwise); by default any key is. */
  apiKey?: string;
}

export interface OpenAiSandbox {
  url: string;
  /** What OPENAI_BASE_URL should be. */
  baseUrl: string;
  port: number;
  faults: Faults;
  log: CompletionLog;
  replies: string[];
  close(): Promise<void>;
}

function requireKey(apiKey: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!key)
      return apiError(
        res,
        401,
        "You didn't provide an API key.",
        "invalid_request_error",
        "missing_api_key",
      );
    if (apiKey && key !== apiKey)
      return apiError(
        res,
        401,
        "Incorrect API key provided.",
        "invalid_request_error",
        "invalid_api_key",
      );
    next();
  };
}

export async function startOpenAiSandbox(
  options: OpenAiSandboxOptions = {},
): Promise<OpenAiSandbox> {
  const ctx: CompletionsContext = {
    faults: new Faults(),
    log: new CompletionLog(),
    replies: [],
    models: ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano"],
    timers: new Set(),
  };
  const app = express();
  app.disable("x-powered-by");
  app.use("/__sandbox", express.json(), controlRoutes(ctx.faults, ctx.log, ctx.replies));
  app.use("/v1", requireKey(options.apiKey), express.json({ limit: "4mb" }), completionRoutes(ctx));
  app.use((_req: Request, res: Response) =>
    apiError(res, 404, "Unknown endpoint.", "invalid_request_error"),
  );
  app.use(
    (error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
      const status = error.status && error.status < 500 ? error.status : 500;
      apiError(
        res,
        status,
        status === 500 ? "Internal error" : "We could not parse the JSON body of your request.",
        "invalid_request_error",
      );
    },
  );
  const server = createHttpServer(app);
  const { url, port } = await listen(server, { host: options.host, port: options.port });
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    faults: ctx.faults,
    log: ctx.log,
    replies: ctx.replies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of ctx.timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
