import { z } from "zod";
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import type { Operation } from "./operation.ts";

const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

/** The OpenAPI 3.1 document, built from the very schemas the routes validate with. */
export function buildOpenApi(operations: Operation[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(op.responses)) {
      responses[status] = spec.schema
        ? {
            description: spec.description,
            content: { [spec.contentType ?? "application/json"]: { schema: spec.schema } },
          }
        : { description: spec.description };
    }
    responses["400"] ??= problem("Invalid request");
    if (op.auth === "tenant") {
      responses["401"] ??= problem("Missing, invalid or expired credentials");
      if (op.roles) responses["403"] ??= problem("Role not allowed");
    }
    if (op.auth === "device")
      responses["401"] ??= problem("Missing, invalid or revoked device token");
    if (op.auth === "site") responses["401"] ??= problem("Missing, invalid or revoked site token");
    if (op.params) responses["404"] ??= problem("Not found");
    const requestBody = op.body
      ? { required: true, content: { "application/json": { schema: op.body } } }
      : op.rawBody
        ? { required: true, content: { [op.rawBody.contentType]: { schema: op.rawBody.schema } } }
        : undefined;
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, unknown>)[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: op.tags,
      security: op.auth === "none" ? [] : [{ [op.auth === "tenant" ? "bearer" : op.auth]: [] }],
      requestParams: {
        ...(op.params ? { path: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
      },
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Stoflow API",
      version,
      description:
        "Publish products on every marketplace, delist everywhere on sale. Errors are " +
        "application/problem+json with a stable `type`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An access token from /api/v1/auth/login, or an API key (sfk_...)",
        },
        device: {
          type: "http",
          scheme: "bearer",
          description: "A browser extension's device token (sfd_...) from pairing",
        },
        site: {
          type: "http",
          scheme: "bearer",
          description: "A WooCommerce plugin's site token (sfs_...), shown once at creation",
        },
      },
    },
    paths,
  });
}
