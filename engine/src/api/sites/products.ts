// The plugin's product actions, by WooCommerce product id: listing states for the products
// list, one product with its lint result for the metabox, publish, delist, and AI texts.
import { tenant, withTenant } from "@stoflow/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { findGeneration } from "../../ai/generations.ts";
import { requestGeneration } from "../../ai/requests.ts";
import type { EngineContext } from "../../context.ts";
import { defineOperation, type SiteAuth } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { checkProductForVinted } from "../../listings/lint-product.ts";
import { requestDelist, requestPublish, requestPublishMany } from "../../listings/requests.ts";
import { findProduct } from "../../products/repository.ts";
import { type ShopItem, shopItem, shopItems } from "../../sites/shop-items.ts";
import { generationOut } from "../ai/output.ts";
import { aiRuntimeOf } from "../ai/routes.ts";
import { Generation, Language } from "../ai/schemas.ts";
import { ListingCheck } from "../lint/routes.ts";
import { UuidParam } from "../shared-schemas.ts";
import { ShopItemId, ShopItemOut, ShopItemParam } from "./schemas.ts";

const PLATFORMS = ["vinted"] as const;
const Platforms = z.array(z.enum(PLATFORMS)).min(1).max(PLATFORMS.length).default(["vinted"]);
const actorOf = (auth: SiteAuth) => `site:${auth.siteId}`;

/** The site's store, or a 409 telling the plugin to finish connecting first. */
function sourceOf(auth: SiteAuth): string {
  if (!auth.sourceId)
    throw problems.conflict(
      "site-not-connected",
      "Connect this store to Stoflow first (WooCommerce → Stoflow → Connect).",
    );
  return auth.sourceId;
}

const notImported = () =>
  new HttpProblem(404, "not-found", "Product not in Stoflow", {
    detail: "This product has not been imported yet; it will be at the next sync.",
  });

export function siteProductOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  const ai = aiRuntimeOf(ctx);
  const requester = () => {
    if (!ctx.publishing)
      throw new HttpProblem(503, "unavailable", "Publishing is not running", {
        detail: "The engine was started without its job queue.",
      });
    return ctx.publishing.requester;
  };
  const itemOf = async (auth: SiteAuth, id: string): Promise<ShopItem> => {
    const item = await shopItem(db, auth.tenantId, sourceOf(auth), id);
    if (!item) throw notImported();
    return item;
  };
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/site/products",
      operationId: "listSiteProducts",
      summary: "Listing states per platform of the store's products, by WooCommerce product id",
      tags: ["sites"],
      auth: "site",
      query: z.strictObject({
        ids: z
          .string()
          .max(2200)
          .transform((s) => [...new Set(s.split(",").filter(Boolean))])
          .pipe(z.array(ShopItemId).max(200))
          .meta({ description: "Comma-separated WooCommerce product ids (up to 200)" }),
      }),
      responses: {
        200: {
          description: "The ids Stoflow knows; the others are absent",
          schema: z.object({ items: z.array(ShopItemOut) }),
        },
      },
      handler: async ({ auth, query }) => ({
        body: { items: await shopItems(db, auth.tenantId, sourceOf(auth), query.ids) },
      }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/site/products/{shopItemId}",
      operationId: "getSiteProduct",
      summary: "One product by WooCommerce id: its listings and the Vinted lint result",
      tags: ["sites"],
      auth: "site",
      params: ShopItemParam,
      responses: {
        200: {
          description: "The product's listings and lint",
          schema: ShopItemOut.extend({ lint: ListingCheck }),
        },
      },
      handler: async ({ auth, params }) => {
        const item = await itemOf(auth, params.shopItemId);
        const product = await withTenant(db, auth.tenantId, (tx) =>
          findProduct(tx, item.productId),
        );
        if (!product) throw notImported();
        return { body: { ...item, lint: await checkProductForVinted(db, product) } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/products/publish",
      operationId: "publishSiteProducts",
      summary: "Queue several products, by WooCommerce id, for publication",
      tags: ["sites"],
      auth: "site",
      body: z.strictObject({
        shopItemIds: z.array(ShopItemId).min(1).max(500),
        platforms: Platforms,
      }),
      responses: {
        202: {
          description: "What was queued, and the ids Stoflow does not know yet",
          schema: z.object({ items: z.array(ShopItemOut), unknown: z.array(z.string()) }),
        },
      },
      handler: async ({ auth, body }) => {
        const ids = [...new Set(body.shopItemIds)];
        const found = await shopItems(db, auth.tenantId, sourceOf(auth), ids);
        await requestPublishMany(
          requester(),
          auth.tenantId,
          found.map((item) => item.productId),
          body.platforms,
          { actor: actorOf(auth) },
        );
        const known = new Set(found.map((f) => f.shopItemId));
        const items = await shopItems(db, auth.tenantId, sourceOf(auth), [...known]);
        return { status: 202, body: { items, unknown: ids.filter((id) => !known.has(id)) } };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/products/{shopItemId}/publish",
      operationId: "publishSiteProduct",
      summary: "Queue one product, by WooCommerce id, for publication",
      tags: ["sites"],
      auth: "site",
      params: ShopItemParam,
      body: z.strictObject({ platforms: Platforms }),
      responses: { 202: { description: "The product and its listings", schema: ShopItemOut } },
      handler: async ({ auth, params, body }) => {
        const item = await itemOf(auth, params.shopItemId);
        await requestPublish(requester(), auth.tenantId, item.productId, body.platforms, {
          actor: actorOf(auth),
        });
        return { status: 202, body: await itemOf(auth, params.shopItemId) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/products/{shopItemId}/delist",
      operationId: "delistSiteProduct",
      summary: "Remove one product, by WooCommerce id, from its marketplaces",
      tags: ["sites"],
      auth: "site",
      params: ShopItemParam,
      body: z.strictObject({ platforms: z.array(z.enum(PLATFORMS)).min(1).optional() }),
      responses: {
        202: { description: "The product and its listings", schema: ShopItemOut },
        409: { description: "Nothing of it is live or queued" },
      },
      handler: async ({ auth, params, body }) => {
        const item = await itemOf(auth, params.shopItemId);
        const live = item.listings.filter(
          (l) =>
            (!body.platforms || (body.platforms as string[]).includes(l.platform)) &&
            ["queued", "published", "error"].includes(l.state),
        );
        if (live.length === 0)
          throw problems.conflict("nothing-to-delist", "This product is not listed anywhere.");
        for (const l of live) await requestDelist(requester(), auth.tenantId, l.id, actorOf(auth));
        return { status: 202, body: await itemOf(auth, params.shopItemId) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/site/products/{shopItemId}/ai-texts",
      operationId: "generateSiteProductTexts",
      summary: "Write one product's texts with AI; the plugin puts them in the product",
      tags: ["sites"],
      auth: "site",
      params: ShopItemParam,
      body: z.strictObject({ language: Language.optional() }),
      responses: {
        200: { description: "Done (cache or template)", schema: Generation },
        202: { description: "Queued for the model; poll the generation", schema: Generation },
      },
      handler: async ({ auth, params, body }) => {
        const item = await itemOf(auth, params.shopItemId);
        // The shop's own description is what WooCommerce shows: write the eBay text (the long,
        // free one), and never copy it into Stoflow here: the webhook brings the edit back.
        const result = await requestGeneration(ai(), auth.tenantId, {
          productId: item.productId,
          platforms: ["ebay"],
          language: body.language,
          apply: false,
        });
        if (!result) throw notImported();
        const out = generationOut(result.generation);
        return result.queued ? { status: 202, body: out } : { body: out };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/site/ai-generations/{id}",
      operationId: "getSiteAiGeneration",
      summary: "A generation the plugin asked for: its status and texts",
      tags: ["sites"],
      auth: "site",
      params: UuidParam,
      responses: { 200: { description: "The generation", schema: Generation } },
      handler: async ({ auth, params }) => {
        const source = sourceOf(auth);
        const g = await withTenant(db, auth.tenantId, (tx) => findGeneration(tx, params.id));
        if (!g?.productId) throw problems.notFound("Generation");
        const owned = await withTenant(db, auth.tenantId, (tx) =>
          tx
            .select({ id: tenant.products.id })
            .from(tenant.products)
            .where(
              and(
                eq(tenant.products.id, g.productId as string),
                eq(tenant.products.sourceId, source),
              ),
            ),
        );
        if (owned.length === 0) throw problems.notFound("Generation");
        return { body: generationOut(g) };
      },
    }),
  ];
}
