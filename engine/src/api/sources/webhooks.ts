// The delivery endpoint shops call: no sign-in, the signature over the raw body is the proof.
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { HttpProblem, problems } from "../../http/problem.ts";
import { type RawBodyRequest, rawBodyOf } from "../../http/raw-body.ts";
import { handleDelivery } from "../../sources/deliveries.ts";
import { SourceError } from "../../sources/source.ts";
import { depsOf } from "./shared.ts";

const MAX_BODY = 2 * 1024 * 1024;

export function sourceWebhookOperations(ctx: EngineContext) {
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/webhooks/sources/{tenantId}/{sourceId}",
      operationId: "deliverSourceWebhook",
      summary: "Webhook deliveries from a connected shop (signed; the raw body is verified)",
      tags: ["sources"],
      auth: "none",
      params: z.strictObject({
        tenantId: z.coerce.number().int().positive().max(2_147_483_647),
        sourceId: z.uuid(),
      }),
      rawBody: {
        contentType: "application/json",
        schema: z.string().meta({ description: "The shop's resource JSON" }),
      },
      responses: {
        200: {
          description: "Applied (or a duplicate, which changes nothing)",
          schema: z.object({ applied: z.number().int(), delisted: z.number().int() }),
        },
        401: { description: "The signature does not match; nothing changed" },
        404: { description: "No such source" },
      },
      handler: async ({ params, req }) => {
        const rawBody = await rawBodyOf(req as RawBodyRequest, MAX_BODY).catch(() => {
          throw new HttpProblem(413, "too-large", "Payload too large");
        });
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(req.headers))
          headers[name] = Array.isArray(value) ? value[0] : value;
        let outcome: Awaited<ReturnType<typeof handleDelivery>>;
        try {
          outcome = await handleDelivery(depsOf(ctx), params.tenantId, params.sourceId, {
            rawBody,
            headers,
          });
        } catch (error) {
          // The shop retries a delivery that failed: a 503 says "later", never a stack.
          if (error instanceof SourceError)
            throw new HttpProblem(503, "shop-unavailable", "The shop could not be read", {
              detail: error.message,
            });
          throw error;
        }
        if (outcome.status === 401)
          throw problems.unauthorized("The webhook signature does not match.");
        if (outcome.status !== 200) throw problems.notFound("Catalog source");
        return { body: { applied: outcome.applied, delisted: outcome.delisted } };
      },
    }),
  ];
}
