import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../../teams/api-keys.ts";
import { assertSignedInUser } from "../../teams/members.ts";
import { UuidParam } from "../shared-schemas.ts";

const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: "The key's first characters, to recognise it" }),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiKey" });

export function apiKeyOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/api-keys",
      operationId: "createApiKey",
      summary: "Create an API key (plans with API access; owners and admins)",
      tags: ["api-keys"],
      auth: "tenant",
      roles: ["owner", "admin"],
      body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
      responses: {
        201: {
          description: "Created. `key` is shown in this answer only: store it now.",
          schema: ApiKey.extend({
            key: z.string().meta({ description: "Send as `Authorization: Bearer <key>`" }),
          }).meta({ id: "NewApiKey" }),
        },
        402: { description: "The plan has no API access" },
      },
      handler: async ({ auth, body }) => {
        assertSignedInUser(auth);
        const key = await createApiKey(db, {
          tenantId: auth.tenantId,
          name: body.name,
          createdBy: auth.userId,
        });
        return { status: 201, body: key };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/api-keys",
      operationId: "listApiKeys",
      summary: "The shop's active API keys (never the keys themselves)",
      tags: ["api-keys"],
      auth: "tenant",
      roles: ["owner", "admin"],
      responses: {
        200: {
          description: "Active keys, newest first",
          schema: z.object({ apiKeys: z.array(ApiKey) }).meta({ id: "ApiKeyList" }),
        },
      },
      handler: async ({ auth }) => ({ body: { apiKeys: await listApiKeys(db, auth.tenantId) } }),
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/api-keys/{id}",
      operationId: "revokeApiKey",
      summary: "Revoke an API key: it stops working at once",
      tags: ["api-keys"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      responses: { 204: { description: "Revoked" } },
      handler: async ({ auth, params }) => {
        assertSignedInUser(auth);
        await revokeApiKey(db, auth.tenantId, params.id);
        return { status: 204 };
      },
    }),
  ];
}
