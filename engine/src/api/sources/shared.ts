// What the source operations share: the output shapes, the 404 check, the engine's services.
import { tenant, withTenant } from "@stoflow/db";
import { desc, eq, sql } from "drizzle-orm";
import type { Request } from "express";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { importDeps } from "../../sources/deps.ts";
import type { ImportDeps } from "../../sources/import-run.ts";
import { type ImportProgress, type ImportRunRow, progressOf } from "../../sources/progress.ts";
import { SourceError } from "../../sources/source.ts";

export const ProgressOut = z
  .object({
    runId: z.uuid(),
    sourceId: z.uuid(),
    kind: z.string(),
    status: z.enum(tenant.IMPORT_RUN_STATUSES),
    total: z.number().int().nullable(),
    done: z.number().int(),
    failed: z.number().int(),
    rate: z.number().meta({ description: "Products per second since the run last (re)started" }),
    etaSeconds: z.number().int().nullable(),
    resumes: z.number().int().meta({ description: "How often the run was resumed after a stop" }),
    errors: z.array(z.object({ ref: z.string().optional(), message: z.string() })),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ImportProgress" });

export const SourceOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(tenant.SOURCE_KINDS),
    label: z.string(),
    baseUrl: z.string(),
    status: z.string().meta({ description: "connected, reconnect_needed or disconnected" }),
    currency: z.string(),
    lastSyncedAt: z.iso.datetime().nullable(),
    lastError: z.string().nullable(),
    webhooks: z.number().int().meta({ description: "Webhooks registered at the shop" }),
    lastImport: ProgressOut.nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "CatalogSource" });

export type SourceView = z.infer<typeof SourceOut>;

export const ConnectedOut = SourceOut.extend({
  webhookError: z
    .string()
    .nullable()
    .meta({ description: "Why webhooks are missing, if they are" }),
}).meta({ id: "ConnectedSource" });

/** What a refused connection means for the seller. */
export function connectProblem(error: unknown): never {
  if (error instanceof SourceError) {
    if (error.kind === "auth")
      throw new HttpProblem(422, "source-credentials-refused", "The shop refused the keys", {
        detail: error.message,
      });
    if (error.kind === "retryable")
      throw new HttpProblem(502, "source-unreachable", "The shop could not be reached", {
        detail: error.message,
      });
    throw new HttpProblem(422, "source-refused", "The shop refused the connection", {
      detail: error.message,
    });
  }
  throw error;
}

export const SourceIdParam = z.strictObject({ id: z.uuid() });

export function publishingOf(ctx: EngineContext) {
  if (!ctx.publishing)
    throw new HttpProblem(503, "unavailable", "Imports are not running", {
      detail: "The engine was started without its job queue.",
    });
  return ctx.publishing;
}

export const depsOf = (ctx: EngineContext): ImportDeps =>
  importDeps(ctx, publishingOf(ctx).requester);

/** The engine's address as the caller reached it: where shops send webhooks and callbacks. */
export const publicUrlOf = (req: Request) => `${req.protocol}://${req.get("host")}`;

export const progressView = (run: ImportRunRow): ImportProgress => progressOf(run);

/** Every source of the shop (or one), with its state and latest run. */
export async function sourceViews(
  ctx: EngineContext,
  tenantId: number,
  id?: string,
): Promise<SourceView[]> {
  return withTenant(ctx.database.db, tenantId, async (tx) => {
    const { catalogSources: s, sourceStates: st, sourceWebhooks: w, importRuns: r } = tenant;
    const rows = await tx
      .select({
        source: s,
        currency: st.currency,
        lastError: st.lastError,
        webhooks: sql<number>`(SELECT count(*)::int FROM ${w} WHERE ${w.sourceId} = ${s.id})`,
      })
      .from(s)
      .leftJoin(st, eq(st.sourceId, s.id))
      .where(id ? eq(s.id, id) : undefined)
      .orderBy(s.createdAt);
    const views: SourceView[] = [];
    for (const row of rows) {
      const [last] = await tx
        .select()
        .from(r)
        .where(eq(r.sourceId, row.source.id))
        .orderBy(desc(r.startedAt))
        .limit(1);
      views.push({
        id: row.source.id,
        kind: row.source.kind as SourceView["kind"],
        label: row.source.label,
        baseUrl: row.source.baseUrl,
        status: row.source.status,
        currency: row.currency ?? "EUR",
        lastSyncedAt: row.source.lastSyncedAt?.toISOString() ?? null,
        lastError: row.lastError ?? null,
        webhooks: row.webhooks,
        lastImport: last ? (progressOf(last) as SourceView["lastImport"]) : null,
        createdAt: row.source.createdAt.toISOString(),
      });
    }
    return views;
  });
}

export async function sourceView(
  ctx: EngineContext,
  tenantId: number,
  id: string,
): Promise<SourceView> {
  const [view] = await sourceViews(ctx, tenantId, id);
  if (!view) throw problems.notFound("Catalog source");
  return view;
}
