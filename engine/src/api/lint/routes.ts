import { withTenant } from "@stoflow/db";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { checkProductForVinted } from "../../listings/lint-product.ts";
import { findProduct } from "../../products/repository.ts";
import { ProductIdParam } from "../products/schemas.ts";

const LintIssue = z
  .object({
    rule: z.string().meta({ description: "Stable id to translate by, e.g. title.too_short" }),
    field: z.string(),
    message: z.string().meta({ description: "English text for the seller" }),
    match: z.string().optional().meta({ description: "The text that triggered the rule" }),
  })
  .meta({ id: "LintIssue" });

const MappingIssue = z
  .object({
    field: z.string(),
    value: z
      .string()
      .nullable()
      .meta({ description: "The product's value, as the seller typed it" }),
    message: z.string(),
  })
  .meta({ id: "MappingIssue" });

const VintedIds = z
  .object({
    catalogId: z.number().int(),
    catalogLabel: z.string().meta({ description: "e.g. Femmes › Vêtements › Jeans" }),
    brandId: z.number().int().nullable().meta({ description: "null: the brand goes as free text" }),
    brandName: z.string().nullable(),
    sizeId: z.number().int().nullable(),
    sizeLabel: z.string().nullable(),
    statusId: z.number().int(),
    colorIds: z.array(z.number().int()),
    packageSizeId: z.number().int(),
  })
  .meta({ id: "VintedIds" });

export const ListingCheck = z
  .object({
    platform: z.literal("vinted"),
    ready: z.boolean().meta({ description: "No lint error and every value mapped" }),
    lint: z.object({
      errors: z.array(LintIssue).meta({ description: "Block queueing" }),
      warnings: z.array(LintIssue).meta({ description: "Shown, never blocking" }),
    }),
    mapping: z.object({
      ok: z.boolean(),
      ids: VintedIds.nullable(),
      missing: z.array(MappingIssue).meta({ description: "Values with no marketplace id; block" }),
      notes: z.array(MappingIssue).meta({ description: "Fallbacks the marketplace accepts" }),
    }),
  })
  .meta({ id: "ListingCheck" });

const LintQuery = z.strictObject({
  platform: z.enum(["vinted"]).default("vinted"),
});

export function lintOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/products/{id}/lint",
      operationId: "lintProduct",
      summary: "Check a product against a marketplace's rules and catalogue before publishing",
      tags: ["listings"],
      auth: "tenant",
      params: ProductIdParam,
      query: LintQuery,
      responses: {
        200: {
          description: "Lint errors and warnings, and the mapped ids or what is missing",
          schema: ListingCheck,
        },
      },
      handler: async ({ auth, params }) => {
        const product = await withTenant(ctx.database.db, auth.tenantId, (tx) =>
          findProduct(tx, params.id),
        );
        if (!product) throw problems.notFound("Product");
        return { body: await checkProductForVinted(ctx.database.db, product) };
      },
    }),
  ];
}
