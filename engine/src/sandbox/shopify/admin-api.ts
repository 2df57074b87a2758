// POST /admin/api/<version>/graphql.json: access-token check, then the calculated cost is
// charged to the leaky bucket (THROTTLED when it does not fit), then the query runs. Every
// answer carries `extensions.cost` with the throttle status, as Shopify's do.

// POST /admin/api/<version>/graphql.json: access-token check, then the calculated cost is
// charged to the leaky bucket (THROTTLED when it does not fit), then the query runs. Every
// answer carries `extensions.cost` with the throttle status, as Shopify's do.

import express, { type Request, type Response, Router } from "express";
import { execute, type GraphQLSchema, getOperationAST, parse, validate } from "graphql";
import { actualCost, requestedCost, SINGLE_QUERY_MAX_COST } from "./cost.ts";
import type { CostBucket } from "./throttle.ts";

export const SUPPORTED_VERSIONS = ["2026-01", "2026-04", "2026-07", "2026-10", "unstable"];

export interface AdminApiDeps {
  schema: GraphQLSchema;
  bucket: CostBucket;
  accessToken: () => string;
  rootValue: () => unknown;
}

/** The THROTTLED answer: HTTP 200 with a GraphQL error, the bucket's state in extensions. */
export function throttled(res: Response, bucket: CostBucket, requested: number): void {
  res.locals.graphqlCode = "THROTTLED";
  res.json({
    errors: [
      {
        message: "Throttled",
        extensions: {
          code: "THROTTLED",
          documentation: "https://shopify.dev/api/usage/rate-limits",
        },
      },
    ],
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: null,
        throttleStatus: bucket.status(),
      },
    },
  });
}

export function adminApi(deps: AdminApiDeps): Router {
  const router = Router();

  router.use("/admin/api/:version", (req: Request, res: Response, next) => {
    if (!SUPPORTED_VERSIONS.includes(String(req.params.version))) {
      res.status(404).json({ errors: "Not Found" });
      return;
    }
    if (req.get("x-shopify-access-token") !== deps.accessToken()) {
      res.status(401).json({
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
      return;
    }
    res.setHeader("X-Shopify-API-Version", String(req.params.version));
    next();
  });

  router.post(
    "/admin/api/:version/graphql.json",
    express.json({ limit: "2mb" }),
    async (req: Request, res: Response) => {
      const body = req.body as
        | { query?: unknown; variables?: unknown; operationName?: unknown }
        | undefined;
      if (!body || typeof body.query !== "string") {
        res.status(400).json({ errors: { query: "Required parameter missing or invalid" } });
        return;
      }
      const variables = (
        body.variables && typeof body.variables === "object" ? body.variables : {}
      ) as Record<string, unknown>;
      const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
      let document: ReturnType<typeof parse>;
      try {
        document = parse(body.query);
      } catch (error) {
        res.json({ errors: [{ message: (error as Error).message }] });
        return;
      }
      const invalid = validate(deps.schema, document);
      const operation = getOperationAST(document, operationName);
      if (invalid.length > 0 || !operation) {
        res.json({
          errors:
            invalid.length > 0
              ? invalid.map((e) => e.toJSON())
              : [{ message: "No operation to run" }],
        });
        return;
      }
      const requested = requestedCost(deps.schema, document, operation, variables);
      if (requested > SINGLE_QUERY_MAX_COST) {
        res.locals.graphqlCode = "MAX_COST_EXCEEDED";
        res.json({
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
              extensions: {
                code: "MAX_COST_EXCEEDED",
                cost: requested,
                maxCost: SINGLE_QUERY_MAX_COST,
              },
            },
          ],
        });
        return;
      }
      if (res.locals.forceThrottled) {
        // An injected fault: another app drained the shop's bucket just now.
        deps.bucket.take(deps.bucket.status().currentlyAvailable);
        throttled(res, deps.bucket, requested);
        return;
      }
      if (!deps.bucket.take(requested)) {
        throttled(res, deps.bucket, requested);
        return;
      }
      const result = await execute({
        schema: deps.schema,
        document,
        rootValue: deps.rootValue(),
        contextValue: { bulk: false },
        variableValues: variables,
        operationName,
      });
      const actual =
        operation.operation === "mutation"
          ? requested
          : Math.min(requested, actualCost(result.data));
      deps.bucket.refund(requested - actual);
      res.json({
        ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
        data: result.data ?? null,
        extensions: {
          cost: {
            requestedQueryCost: requested,
            actualQueryCost: actual,
            throttleStatus: deps.bucket.status(),
          },
        },
      });
    },
  );
  return router;
}
