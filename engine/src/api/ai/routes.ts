import { withTenant } from "@stoflow/db";
import { z } from "zod";
import { applyGeneration } from "../../ai/apply.ts";
import { findGeneration, generationsOfProduct } from "../../ai/generations.ts";
import { requestGeneration, startRun } from "../../ai/requests.ts";
import { findRun, finishedOfRun } from "../../ai/runs.ts";
import { type AiRuntime, aiDeps } from "../../ai/runtime.ts";
import type { EngineContext } from "../../context.ts";
import { type Auth, defineOperation } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { UuidParam } from "../shared-schemas.ts";
import { generationOut, runOut } from "./output.ts";
import { Generation, Language, Platform, Platforms, Run } from "./schemas.ts";

const POLL_MS = 500;
const actorOf = (auth: Auth) =>
  auth.kind === "user" ? `user:${auth.userId}` : `api_key:${auth.apiKeyId}`;

/** The engine's AI runtime; a process started without one generates in the request. */
export function aiRuntimeOf(ctx: EngineContext): () => AiRuntime {
  let local: AiRuntime | undefined;
  return () => {
    if (ctx.ai) return ctx.ai;
    local ??= { deps: aiDeps(ctx), boss: undefined };
    return local;
  };
}

export function aiOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  const ai = aiRuntimeOf(ctx);
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/ai/generate-description",
      operationId: "generateDescription",
      summary:
        "Write a product's title, description and keywords for each platform in one model call",
      tags: ["ai"],
      auth: "tenant",
      body: z.strictObject({
        productId: z.uuid(),
        platforms: Platforms,
        language: Language.optional().meta({
          description: "Default: the AI settings, else the shop's locale",
        }),
        apply: z.boolean().default(false).meta({
          description: "Copy the texts into the product when done (else they stay a suggestion)",
        }),
        applyPlatform: Platform.optional().meta({
          description: "Whose texts to copy; default vinted",
        }),
      }),
      responses: {
        200: {
          description: "Done: from the cache, or template-made (no key, plan, quota)",
          schema: Generation,
        },
        202: {
          description: "Queued for the model; follow Location (GET the generation)",
          schema: Generation,
        },
        404: { description: "No such product in this shop" },
      },
      handler: async ({ auth, body }) => {
        const result = await requestGeneration(ai(), auth.tenantId, body);
        if (!result) throw problems.notFound("Product");
        const out = generationOut(result.generation);
        return result.queued
          ? { status: 202, body: out, headers: { Location: `/api/v1/ai/generations/${out.id}` } }
          : { body: out };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/ai/generations/{id}",
      operationId: "getAiGeneration",
      summary: "One generation: its status and, once done, the texts per platform",
      tags: ["ai"],
      auth: "tenant",
      params: UuidParam,
      responses: {
        200: { description: "The generation", schema: Generation },
        404: { description: "Not found" },
      },
      handler: async ({ auth, params }) => {
        const g = await withTenant(db, auth.tenantId, (tx) => findGeneration(tx, params.id));
        if (!g) throw problems.notFound("Generation");
        return { body: generationOut(g) };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/ai/generations",
      operationId: "listAiGenerations",
      summary: "A product's latest generations (suggestions and applied ones), newest first",
      tags: ["ai"],
      auth: "tenant",
      query: z.strictObject({
        productId: z.uuid(),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
      responses: {
        200: {
          description: "Newest first",
          schema: z.object({ items: z.array(Generation) }).meta({ id: "AiGenerationList" }),
        },
      },
      handler: async ({ auth, query }) => {
        const items = await withTenant(db, auth.tenantId, (tx) =>
          generationsOfProduct(tx, query.productId, query.limit),
        );
        return { body: { items: items.map(generationOut) } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/ai/generations/{id}/apply",
      operationId: "applyAiGeneration",
      summary: "Copy a generation's title and description for one platform into the product",
      tags: ["ai"],
      auth: "tenant",
      params: UuidParam,
      body: z.strictObject({ platform: Platform.optional() }),
      responses: {
        200: { description: "Applied (the product has a new revision)", schema: Generation },
        404: { description: "Not found" },
        409: { description: "Still pending, failed, or without texts for that platform" },
      },
      handler: async ({ auth, params, body }) => {
        const result = await withTenant(db, auth.tenantId, async (tx) => {
          const g = await findGeneration(tx, params.id);
          if (!g) throw problems.notFound("Generation");
          return applyGeneration(
            tx,
            ai().boss ?? ctx.publishing?.pipeline.boss,
            auth.tenantId,
            g,
            body.platform,
          );
        });
        if (result.ok) return { body: generationOut(result.generation) };
        if (result.reason === "no_product")
          throw problems.conflict("product-gone", "The product no longer exists.");
        throw problems.conflict(
          "generation-not-ready",
          result.reason === "not_ready"
            ? "This generation has no texts yet (pending) or failed."
            : "This generation has no texts for that platform.",
        );
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/ai/runs",
      operationId: "startAiRun",
      summary: "Write the texts of many products (one job each); follow the run's progress",
      tags: ["ai"],
      auth: "tenant",
      body: z.strictObject({
        productIds: z.array(z.uuid()).min(1).max(1000),
        platforms: Platforms,
        language: Language.optional(),
        apply: z.boolean().default(false),
      }),
      responses: {
        202: { description: "Started; GET the run or its events for progress", schema: Run },
        404: { description: "Some products are not in this shop" },
      },
      handler: async ({ auth, body }) => {
        const result = await startRun(ai(), auth.tenantId, { ...body, createdBy: actorOf(auth) });
        if ("missing" in result) {
          throw new HttpProblem(404, "not-found", "Product not found", {
            detail: `${result.missing.length} of these products are not in this shop.`,
            missing: result.missing.slice(0, 20),
          });
        }
        return {
          status: 202,
          body: runOut(result.run),
          headers: { Location: `/api/v1/ai/runs/${result.run.id}` },
        };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/ai/runs/{id}",
      operationId: "getAiRun",
      summary: "A bulk run's status and progress",
      tags: ["ai"],
      auth: "tenant",
      params: UuidParam,
      responses: {
        200: { description: "The run", schema: Run },
        404: { description: "Not found" },
      },
      handler: async ({ auth, params }) => {
        const run = await withTenant(db, auth.tenantId, (tx) => findRun(tx, params.id));
        if (!run) throw problems.notFound("Run");
        return { body: runOut(run) };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/ai/runs/{id}/events",
      operationId: "aiRunEvents",
      summary:
        "A run's progress as server-sent events: `generation` per product done, `progress`, then `finished`",
      tags: ["ai"],
      auth: "tenant",
      params: UuidParam,
      responses: {
        200: {
          description: "Events until the run finishes",
          contentType: "text/event-stream",
          schema: z.string(),
        },
        404: { description: "Not found" },
      },
      handler: async ({ auth, params, req, res }) => {
        const read = () => withTenant(db, auth.tenantId, (tx) => findRun(tx, params.id));
        let run = await read();
        if (!run) throw problems.notFound("Run");
        res.status(200);
        res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushHeaders();
        let closed = false;
        req.on("close", () => {
          closed = true;
        });
        const sent = new Set<string>();
        let last = "";
        const send = (event: string, data: unknown) =>
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        while (!closed && run) {
          const runId = run.id;
          const finished = await withTenant(db, auth.tenantId, (tx) => finishedOfRun(tx, runId));
          for (const g of finished) {
            if (sent.has(g.id)) continue;
            sent.add(g.id);
            send("generation", {
              ...g,
              templateMade: g.templateFallback,
              templateFallback: undefined,
            });
          }
          const progress = runOut(run);
          const key = `${progress.done}/${progress.failed}/${progress.status}`;
          if (key !== last) send("progress", progress);
          last = key;
          if (run.status === "finished") {
            send("finished", progress);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          run = await read();
        }
        res.end();
        return {};
      },
    }),
  ];
}
