import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { type Auth, defineOperation } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import type { ListingEvent } from "../../listings/events.ts";
import { listListings } from "../../listings/list.ts";
import {
  requestDelist,
  requestPublish,
  requestPublishMany,
  requestRetry,
} from "../../listings/requests.ts";
import type { Listing } from "../../listings/transition.ts";

const PLATFORMS = ["vinted"] as const;

const ListingOut = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    channelAccountId: z.uuid(),
    platform: z.string(),
    state: z.enum(tenant.LISTING_STATES),
    externalId: z.string().nullable(),
    url: z.string().nullable(),
    price: z.string().nullable(),
    lastError: z
      .string()
      .nullable()
      .meta({ description: "Why it is in error, or why it cannot be queued" }),
    lastErrorKind: z.string().nullable(),
    attempts: z.number().int(),
    publishedRevision: z.number().int().nullable(),
    publishedAt: z.iso.datetime().nullable(),
    soldAt: z.iso.datetime().nullable(),
    delistedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Listing" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const out = (l: Listing) => ({
  id: l.id,
  productId: l.productId,
  channelAccountId: l.channelAccountId,
  platform: l.platform,
  state: l.state,
  externalId: l.externalId,
  url: l.url,
  price: l.price,
  lastError: l.lastError,
  lastErrorKind: l.lastErrorKind,
  attempts: l.attempts,
  publishedRevision: l.publishedRevision,
  publishedAt: iso(l.publishedAt),
  soldAt: iso(l.soldAt),
  delistedAt: iso(l.delistedAt),
  updatedAt: l.updatedAt.toISOString(),
});

const actorOf = (auth: Auth) =>
  auth.kind === "user" ? `user:${auth.userId}` : `api_key:${auth.apiKeyId}`;
const IdParam = z.strictObject({ id: z.uuid() });
const Platforms = z.array(z.enum(PLATFORMS)).min(1).max(PLATFORMS.length);
const HEARTBEAT_MS = 15_000;

/** 404 before anything else, so another shop's ids answer the same whatever runs. */
async function assertExists(
  ctx: EngineContext,
  tenantId: number,
  table: "products" | "listings",
  id: string,
) {
  const found = await withTenant(ctx.database.db, tenantId, (tx) =>
    tx.select({ id: tenant[table].id }).from(tenant[table]).where(eq(tenant[table].id, id)),
  );
  if (found.length === 0) throw problems.notFound(table === "products" ? "Product" : "Listing");
}

export function listingOperations(ctx: EngineContext) {
  const publishing = () => {
    if (!ctx.publishing)
      throw new HttpProblem(503, "unavailable", "Publishing is not running", {
        detail: "The engine was started without its job queue.",
      });
    return ctx.publishing;
  };
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/products/{id}/publish",
      operationId: "publishProduct",
      summary: "Queue a product for publication on marketplaces",
      tags: ["listings"],
      auth: "tenant",
      params: IdParam,
      body: z.strictObject({ platforms: Platforms, channelAccountId: z.uuid().optional() }),
      responses: {
        202: {
          description: "The product's listings on those platforms",
          schema: z.object({ listings: z.array(ListingOut) }),
        },
      },
      handler: async ({ auth, params, body }) => {
        await assertExists(ctx, auth.tenantId, "products", params.id);
        const listings = await requestPublish(
          publishing().requester,
          auth.tenantId,
          params.id,
          body.platforms,
          {
            channelAccountId: body.channelAccountId,
            actor: actorOf(auth),
          },
        );
        return { status: 202, body: { listings: listings.map(out) } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/products/publish",
      operationId: "publishProducts",
      summary: "Queue several products for publication",
      tags: ["listings"],
      auth: "tenant",
      body: z.strictObject({ productIds: z.array(z.uuid()).min(1).max(500), platforms: Platforms }),
      responses: {
        202: {
          description: "The listings of every product",
          schema: z.object({ listings: z.array(ListingOut) }),
        },
      },
      handler: async ({ auth, body }) => {
        const ids = [...new Set(body.productIds)];
        for (const id of ids) await assertExists(ctx, auth.tenantId, "products", id);
        const listings = await requestPublishMany(
          publishing().requester,
          auth.tenantId,
          ids,
          body.platforms,
          { actor: actorOf(auth) },
        );
        return { status: 202, body: { listings: listings.map(out) } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/listings/{id}/retry",
      operationId: "retryListing",
      summary: "Try a listing in error again",
      tags: ["listings"],
      auth: "tenant",
      params: IdParam,
      responses: { 202: { description: "The listing, queued again", schema: ListingOut } },
      handler: async ({ auth, params }) => ({
        status: 202,
        body: out(
          await assertExists(ctx, auth.tenantId, "listings", params.id).then(() =>
            requestRetry(publishing().requester, auth.tenantId, params.id, actorOf(auth)),
          ),
        ),
      }),
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/listings/{id}/delist",
      operationId: "delistListing",
      summary: "Remove a listing from its marketplace",
      tags: ["listings"],
      auth: "tenant",
      params: IdParam,
      responses: { 202: { description: "The listing, delisting or delisted", schema: ListingOut } },
      handler: async ({ auth, params }) => ({
        status: 202,
        body: out(
          await assertExists(ctx, auth.tenantId, "listings", params.id).then(() =>
            requestDelist(publishing().requester, auth.tenantId, params.id, actorOf(auth)),
          ),
        ),
      }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/listings",
      operationId: "listListings",
      summary: "The shop's listings, newest change first",
      tags: ["listings"],
      auth: "tenant",
      query: z.strictObject({
        state: z.enum(tenant.LISTING_STATES).optional(),
        platform: z.string().max(32).optional(),
        productId: z.uuid().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      responses: {
        200: {
          description: "A page of listings",
          schema: z
            .object({ items: z.array(ListingOut), total: z.number().int() })
            .meta({ id: "ListingPage" }),
        },
      },
      handler: async ({ auth, query }) => {
        const page = await listListings(ctx.database.db, auth.tenantId, query);
        return { body: { items: page.items.map(out), total: page.total } };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/listings/events",
      operationId: "listingEvents",
      summary: "Live listing transitions of the shop (server-sent events, `event: listing`)",
      tags: ["listings"],
      auth: "tenant",
      responses: {
        200: {
          description: "An endless event stream; a comment every 15 s keeps it open",
          contentType: "text/event-stream",
          schema: z.string(),
        },
      },
      handler: async ({ auth, req, res }) => {
        const { events } = publishing();
        res.status(200);
        res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache, no-transform");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushHeaders();
        res.write(": connected\n\n");
        const unsubscribe = events.subscribe(auth.tenantId, (event: ListingEvent) => {
          const { tenantId: _, ...data } = event;
          res.write(
            `event: listing\nid: ${event.listingId}:${event.at}\ndata: ${JSON.stringify(data)}\n\n`,
          );
        });
        const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), HEARTBEAT_MS);
        await new Promise<void>((resolve) => req.on("close", () => resolve()));
        clearInterval(heartbeat);
        unsubscribe();
        return {};
      },
    }),
  ];
}
