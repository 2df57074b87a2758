// POST /v1/chat/completions as OpenAI answers it: request checks, structured outputs through
// response_format {type: "json_schema"}, `usage` token counts, and the queued faults.
import { randomUUID } from "node:crypto";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { apiError } from "./errors.ts";
import type { Faults } from "./faults.ts";
import type { CompletionLog } from "./log.ts";
import { countTokens, promptTokens } from "./tokens.ts";
import { writeContent } from "./writer.ts";

const requestSchema = z.object({
  model: z.string().min(1),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "developer", "user", "assistant", "tool"]),
        content: z.unknown(),
      }),
    )
    .min(1),
  response_format: z
    .union([
      z.object({ type: z.literal("text") }),
      z.object({ type: z.literal("json_object") }),
      z.object({
        type: z.literal("json_schema"),
        json_schema: z.object({
          name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
          strict: z.boolean().nullish(),
          schema: z.record(z.string(), z.unknown()),
        }),
      }),
    ])
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
});

export interface CompletionsContext {
  faults: Faults;
  log: CompletionLog;
  /** Scripted message contents, answered before anything is written (adversarial outputs). */
  replies: string[];
  models: string[];
  timers: Set<NodeJS.Timeout>;
}

const wait = (ctx: CompletionsContext, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      ctx.timers.delete(timer);
      resolve();
    }, ms);
    ctx.timers.add(timer);
  });

export function completionRoutes(ctx: CompletionsContext): Router {
  const router = Router();
  router.get("/models", (_req, res) => {
    res.json({
      object: "list",
      data: ctx.models.map((id) => ({
        id,
        object: "model",
        created: 1_700_000_000,
        owned_by: "stoflow-sandbox",
      })),
    });
  });

  router.post("/chat/completions", async (req: Request, res: Response) => {
    const parsed = requestSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return apiError(
        res,
        400,
        `Invalid request: ${issue?.path.join(".")}: ${issue?.message}`,
        "invalid_request_error",
        null,
        issue?.path.join(".") ?? null,
      );
    }
    const body = parsed.data;
    const fault = ctx.faults.take();
    ctx.log.request(fault?.type ?? "ok");
    if (fault?.type === "rate_limited") {
      if (fault.retryAfterSeconds !== null)
        res.setHeader("retry-after", String(fault.retryAfterSeconds));
      return apiError(
        res,
        429,
        "Rate limit reached for requests. Please try again later.",
        "requests",
        "rate_limit_exceeded",
      );
    }
    if (fault?.type === "server_error")
      return apiError(
        res,
        fault.status,
        "The server had an error while processing your request.",
        "server_error",
      );
    if (fault?.type === "timeout") {
      await wait(ctx, fault.delayMs);
      res.destroy();
      return;
    }
    if (fault?.type === "slow") await wait(ctx, fault.delayMs);
    const format = body.response_format;
    const schema = format?.type === "json_schema" ? format.json_schema.schema : undefined;
    const content =
      fault?.type === "malformed"
        ? (fault.content ?? '{"platforms": {"vinted": {"title": "Jean')
        : (ctx.replies.shift() ?? writeContent(body.messages, schema));
    const usage = {
      prompt_tokens: promptTokens(body.messages, schema),
      completion_tokens: countTokens(content),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    ctx.log.usage(usage.prompt_tokens, usage.completion_tokens);
    res.json({
      id: `chatcmpl-${randomUUID()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content, refusal: null },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage,
      system_fingerprint: "fp_stoflow_sandbox",
    });
  });
  return router;
}
