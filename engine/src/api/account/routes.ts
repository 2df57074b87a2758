import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { deleteAccount } from "../../gdpr/delete-account.ts";
import { EXPORT_FORMAT, exportTenant } from "../../gdpr/export.ts";
import { defineOperation } from "../../http/operation.ts";
import { streamResponse } from "../../http/stream-response.ts";

const Archive = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.number().int(),
    exportedAt: z.iso.datetime(),
    tenant: z.record(z.string(), z.unknown()),
    members: z.array(z.record(z.string(), z.unknown())),
    invitations: z.array(z.record(z.string(), z.unknown())),
    apiKeys: z.array(z.record(z.string(), z.unknown())),
    subscription: z.record(z.string(), z.unknown()).nullable(),
    usage: z.array(z.record(z.string(), z.unknown())),
    promptTemplates: z.array(z.record(z.string(), z.unknown())),
    omitted: z.array(z.string()).meta({ description: "Secret columns left out (table.column)" }),
    tables: z
      .record(z.string(), z.array(z.record(z.string(), z.unknown())))
      .meta({ description: "Every row of every table of the shop, by table" }),
  })
  .meta({ id: "AccountArchive" });

export function accountOperations(ctx: EngineContext) {
  const { db } = ctx.database;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/account/export",
      operationId: "exportAccount",
      summary: "Download everything Stoflow holds about the shop (GDPR; owners only)",
      tags: ["account"],
      auth: "tenant",
      roles: ["owner"],
      responses: {
        200: { description: "A JSON archive, streamed as a download", schema: Archive },
      },
      handler: async ({ auth, res }) => {
        const day = new Date().toISOString().slice(0, 10);
        await streamResponse(
          res,
          ctx.log,
          {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": `attachment; filename="stoflow-export-${auth.tenantId}-${day}.json"`,
            "Cache-Control": "no-store",
          },
          (write) => exportTenant(db, auth.tenantId, write),
        );
        return {};
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/account",
      operationId: "deleteAccount",
      summary: "Delete the shop and all its data for good (GDPR; owners only)",
      tags: ["account"],
      auth: "tenant",
      roles: ["owner"],
      body: z.strictObject({
        confirm: z.string().max(200).meta({ description: "The shop's name, typed by the owner" }),
      }),
      responses: {
        204: { description: "Deleted: data, team, keys and sessions are gone" },
      },
      handler: async ({ auth, body }) => {
        await deleteAccount(ctx, auth.tenantId, body.confirm);
        return { status: 204 };
      },
    }),
  ];
}
