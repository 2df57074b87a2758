import { z } from "zod";
import { ChannelAccount } from "../../channel-accounts/output.ts";
import {
  disconnectChannelAccount,
  listChannelAccounts,
  updatePacing,
} from "../../channel-accounts/repository.ts";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { UuidParam } from "../shared-schemas.ts";

export function channelAccountOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/channel-accounts",
      operationId: "listChannelAccounts",
      summary: "The shop's marketplace accounts: status, pacing (never credentials)",
      tags: ["channel-accounts"],
      auth: "tenant",
      responses: {
        200: {
          description: "Every account, by platform",
          schema: z
            .object({ channelAccounts: z.array(ChannelAccount) })
            .meta({ id: "ChannelAccountList" }),
        },
      },
      handler: async ({ auth }) => ({
        body: { channelAccounts: await listChannelAccounts(db, auth.tenantId) },
      }),
    }),
    defineOperation({
      method: "patch",
      path: "/api/v1/channel-accounts/{id}",
      operationId: "updateChannelAccount",
      summary: "Set an account's pacing: at most N actions per rolling window",
      tags: ["channel-accounts"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      body: z.strictObject({
        pacingMaxActions: z.number().int().min(1).max(200).optional(),
        pacingWindowSeconds: z
          .number()
          .int()
          .min(60)
          .max(7 * 24 * 3600)
          .optional(),
      }),
      responses: { 200: { description: "The account", schema: ChannelAccount } },
      handler: async ({ auth, params, body }) => {
        const account = await updatePacing(db, auth.tenantId, params.id, body);
        if (!account) throw problems.notFound("Channel account");
        return { body: account };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/channel-accounts/{id}",
      operationId: "disconnectChannelAccount",
      summary: "Disconnect an account: its credentials are wiped, its listings stay",
      tags: ["channel-accounts"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      responses: { 204: { description: "Disconnected" } },
      handler: async ({ auth, params }) => {
        if (!(await disconnectChannelAccount(db, auth.tenantId, params.id))) {
          throw problems.notFound("Channel account");
        }
        return { status: 204 };
      },
    }),
  ];
}
