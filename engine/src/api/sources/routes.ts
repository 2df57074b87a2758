// Catalog sources: list, read, imports (start, status, live progress), attribute mapping,
// disconnect. Connecting is per shop (woocommerce.ts, shopify.ts); deliveries are in webhooks.ts.
import { tenant, withTenant } from "@stoflow/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { loadSource } from "../../sources/connection.ts";
import { sourcesOf } from "../../sources/deps.ts";
import { openRun } from "../../sources/import-run.ts";
import { sendImport } from "../../sources/jobs.ts";
import { DEFAULT_MAPPING, effectiveMapping, MappingSchema } from "../../sources/mapping.ts";
import { progressOf } from "../../sources/progress.ts";
import { sourceOf } from "../../sources/registry.ts";
import {
  ProgressOut,
  publishingOf,
  SourceIdParam,
  SourceOut,
  sourceView,
  sourceViews,
} from "./shared.ts";
import { shopifyOperations } from "./shopify.ts";
import { sourceWebhookOperations } from "./webhooks.ts";
import { wooCommerceOperations } from "./woocommerce.ts";

const vaultDeps = (ctx: EngineContext) => ({ db: ctx.database.db, vault: ctx.vault });
const RunParams = z.strictObject({ id: z.uuid(), runId: z.uuid() });
const ADMINS = ["owner", "admin"] as const;
const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;

const MappingShape = z.object({
  attributes: z.record(z.string(), z.array(z.string())),
  conditions: z.record(z.string(), z.string()),
});

/** What GET and PUT answer: the edits, the mapping in force, and the defaults under them. */
const mappingView = (stored: unknown) => ({
  stored,
  effective: effectiveMapping(stored),
  defaults: DEFAULT_MAPPING,
});

const MappingOut = z
  .object({
    stored: MappingSchema.meta({ description: "The seller's edits" }),
    effective: MappingShape.meta({ description: "The defaults with the seller's edits over them" }),
    defaults: MappingShape.meta({ description: 'Stoflow\'s defaults, for "use the default"' }),
  })
  .meta({ id: "SourceMappingView" });

async function runOf(ctx: EngineContext, tenantId: number, sourceId: string, runId: string) {
  const [run] = await withTenant(ctx.database.db, tenantId, (tx) =>
    tx
      .select()
      .from(tenant.importRuns)
      .where(and(eq(tenant.importRuns.id, runId), eq(tenant.importRuns.sourceId, sourceId))),
  );
  if (!run) throw problems.notFound("Import run");
  return run;
}

/** Opens (or finds) the source's run and queues its job. */
export async function queueImport(
  ctx: EngineContext,
  tenantId: number,
  sourceId: string,
  kind: "full" | "incremental",
  force = false,
) {
  const { run, created } = await openRun(ctx.database.db, tenantId, sourceId, { kind, force });
  await sendImport(publishingOf(ctx).pipeline.boss, {
    tenantId,
    sourceId,
    kind: run.kind as "full",
    force,
  });
  return { run, created };
}

export function sourceOperations(ctx: EngineContext) {
  return [
    ...wooCommerceOperations(ctx),
    ...shopifyOperations(ctx),
    defineOperation({
      method: "get",
      path: "/api/v1/sources",
      operationId: "listSources",
      summary: "The shop's catalog sources (WooCommerce, Shopify) with their latest import",
      tags: ["sources"],
      auth: "tenant",
      responses: {
        200: { description: "Sources", schema: z.object({ items: z.array(SourceOut) }) },
      },
      handler: async ({ auth }) => ({ body: { items: await sourceViews(ctx, auth.tenantId) } }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sources/{id}",
      operationId: "getSource",
      summary: "One catalog source",
      tags: ["sources"],
      auth: "tenant",
      params: SourceIdParam,
      responses: { 200: { description: "The source", schema: SourceOut } },
      handler: async ({ auth, params }) => ({
        body: await sourceView(ctx, auth.tenantId, params.id),
      }),
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/sources/{id}/imports",
      operationId: "startImport",
      summary: "Import the shop's catalog (full) or its changes since the last sync (incremental)",
      tags: ["sources"],
      auth: "tenant",
      params: SourceIdParam,
      body: z.strictObject({
        kind: z.enum(["full", "incremental"]).default("full"),
        force: z
          .boolean()
          .default(false)
          .meta({ description: "Rewrite unchanged products too (after a mapping edit)" }),
      }),
      responses: {
        202: { description: "The run, queued or already under way", schema: ProgressOut },
      },
      handler: async ({ auth, params, body }) => {
        const view = await sourceView(ctx, auth.tenantId, params.id);
        if (view.status === "disconnected")
          throw problems.conflict(
            "source-disconnected",
            "Connect this shop again before importing.",
          );
        const { run } = await queueImport(ctx, auth.tenantId, params.id, body.kind, body.force);
        return { status: 202, body: progressOf(run) };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sources/{id}/imports",
      operationId: "listImports",
      summary: "The source's import runs, newest first",
      tags: ["sources"],
      auth: "tenant",
      params: SourceIdParam,
      responses: {
        200: { description: "Runs", schema: z.object({ items: z.array(ProgressOut) }) },
      },
      handler: async ({ auth, params }) => {
        await sourceView(ctx, auth.tenantId, params.id);
        const runs = await withTenant(ctx.database.db, auth.tenantId, (tx) =>
          tx
            .select()
            .from(tenant.importRuns)
            .where(eq(tenant.importRuns.sourceId, params.id))
            .orderBy(desc(tenant.importRuns.startedAt))
            .limit(50),
        );
        return { body: { items: runs.map((run) => progressOf(run)) } };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sources/{id}/imports/{runId}",
      operationId: "getImport",
      summary: "An import run's progress: total, done, failed, rate, ETA",
      tags: ["sources"],
      auth: "tenant",
      params: RunParams,
      responses: { 200: { description: "Progress", schema: ProgressOut } },
      handler: async ({ auth, params }) => ({
        body: progressOf(await runOf(ctx, auth.tenantId, params.id, params.runId)),
      }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sources/{id}/imports/{runId}/events",
      operationId: "importEvents",
      summary: "Live progress of an import run (server-sent events, `event: progress`)",
      tags: ["sources"],
      auth: "tenant",
      params: RunParams,
      responses: {
        200: {
          description: "Progress events until the run ends (the last one has its final status)",
          contentType: "text/event-stream",
          schema: z.string(),
        },
      },
      handler: async ({ auth, params, req, res }) => {
        await runOf(ctx, auth.tenantId, params.id, params.runId);
        res.status(200);
        res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushHeaders();
        res.write(": connected\n\n");
        let closed = false;
        req.on("close", () => {
          closed = true;
        });
        let last = "";
        let quietSince = Date.now();
        // The run is written by whichever worker runs it: the stream reads its row.
        while (!closed) {
          const progress = progressOf(await runOf(ctx, auth.tenantId, params.id, params.runId));
          const text = JSON.stringify(progress);
          if (text !== last) {
            res.write(`event: progress\nid: ${progress.done + progress.failed}\ndata: ${text}\n\n`);
            last = text;
            quietSince = Date.now();
          } else if (Date.now() - quietSince > HEARTBEAT_MS) {
            res.write(": heartbeat\n\n");
            quietSince = Date.now();
          }
          if (progress.status !== "running") break;
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
        res.end();
        return {};
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/sources/{id}/mapping",
      operationId: "getSourceMapping",
      summary: "Which shop attributes become brand, size, colour, condition and material",
      tags: ["sources"],
      auth: "tenant",
      params: SourceIdParam,
      responses: { 200: { description: "The mapping", schema: MappingOut } },
      handler: async ({ auth, params }) => {
        const { row } = await loadSource(vaultDeps(ctx), auth.tenantId, params.id).catch(() => {
          throw problems.notFound("Catalog source");
        });
        return { body: mappingView(row.mapping) };
      },
    }),
    defineOperation({
      method: "put",
      path: "/api/v1/sources/{id}/mapping",
      operationId: "updateSourceMapping",
      summary: "Edit the attribute mapping; `reimport` applies it to the products already imported",
      tags: ["sources"],
      auth: "tenant",
      roles: [...ADMINS],
      params: SourceIdParam,
      body: MappingSchema.extend({ reimport: z.boolean().default(true) }),
      responses: { 200: { description: "The mapping", schema: MappingOut } },
      handler: async ({ auth, params, body }) => {
        const { reimport, ...mapping } = body;
        const [row] = await withTenant(ctx.database.db, auth.tenantId, (tx) =>
          tx
            .update(tenant.catalogSources)
            .set({ mapping, updatedAt: new Date() })
            .where(eq(tenant.catalogSources.id, params.id))
            .returning(),
        );
        if (!row) throw problems.notFound("Catalog source");
        if (reimport && row.status !== "disconnected")
          await queueImport(ctx, auth.tenantId, row.id, "full", true);
        return { body: mappingView(row.mapping) };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/sources/{id}",
      operationId: "disconnectSource",
      summary: "Disconnect a shop: its webhooks removed, its keys deleted; imported products stay",
      tags: ["sources"],
      auth: "tenant",
      roles: [...ADMINS],
      params: SourceIdParam,
      responses: { 200: { description: "The source, disconnected", schema: SourceOut } },
      handler: async ({ auth, params }) => {
        const loaded = await loadSource(vaultDeps(ctx), auth.tenantId, params.id).catch(() => {
          throw problems.notFound("Catalog source");
        });
        const hooks = await withTenant(ctx.database.db, auth.tenantId, (tx) =>
          tx
            .select()
            .from(tenant.sourceWebhooks)
            .where(eq(tenant.sourceWebhooks.sourceId, params.id)),
        );
        // Best effort: a shop that is gone or refuses must not keep the seller connected.
        await sourceOf(sourcesOf(ctx), loaded.row.kind)
          .unregisterWebhooks(
            loaded.conn,
            hooks.map((h) => ({ topic: h.topic, externalId: h.externalId })),
          )
          .catch((error) =>
            ctx.log.warn({ reason: (error as Error).message }, "Webhooks not removed at the shop"),
          );
        await withTenant(ctx.database.db, auth.tenantId, async (tx) => {
          await tx
            .delete(tenant.sourceWebhooks)
            .where(eq(tenant.sourceWebhooks.sourceId, params.id));
          await tx
            .update(tenant.catalogSources)
            .set({ status: "disconnected", credentialsCiphertext: null, updatedAt: new Date() })
            .where(eq(tenant.catalogSources.id, params.id));
        });
        return { body: await sourceView(ctx, auth.tenantId, params.id) };
      },
    }),
    ...sourceWebhookOperations(ctx),
  ];
}
