import { withTenant } from "@stoflow/db";
import { z } from "zod";
import { ChannelAccount } from "../../channel-accounts/output.ts";
import { REMOTE_ITEM_STATES } from "../../channels/channel.ts";
import type { EngineContext } from "../../context.ts";
import { authenticateDevice } from "../../devices/device-auth.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { nextRelayAction } from "../../relay/handout.ts";
import { setRelayMode } from "../../relay/mode.ts";
import { applyRelayOutcome } from "../../relay/outcome.ts";
import { applyPollReport } from "../../relay/polls.ts";
import { relayRuntime } from "../../relay/runtime.ts";
import { relayStatus } from "../../relay/status.ts";
import { UuidParam } from "../shared-schemas.ts";

const DEVICE_AUTH = "Device token: `Authorization: Bearer sfd_...` from pairing.";
const deviceUnauthorized = { description: "Missing, invalid or revoked device token" };

const RelayPayload = z
  .object({
    title: z.string(),
    description: z.string(),
    price: z.string(),
    currency: z.string(),
    catalogId: z.number().int(),
    brandId: z.number().int().nullable(),
    brandName: z.string().nullable(),
    sizeId: z.number().int().nullable(),
    statusId: z.number().int(),
    colorIds: z.array(z.number().int()),
    packageSizeId: z.number().int(),
    photos: z.array(z.object({ contentType: z.string(), data: z.base64() })),
  })
  .meta({ id: "RelayPayload" });

const RelayAction = z
  .object({
    id: z.string().meta({ description: "Report the outcome under this id" }),
    accountId: z.uuid(),
    domain: z.string(),
    action: z.enum(["publish", "update", "delist"]),
    externalId: z.string().nullable(),
    reconcile: z.boolean().meta({
      description: "An earlier attempt may have created the item: look for it before creating",
    }),
    payload: RelayPayload.nullable(),
  })
  .meta({ id: "RelayAction" });

const RelayPoll = z
  .object({
    id: z.string().meta({ description: "Report the page read under this id" }),
    accountId: z.uuid(),
    domain: z.string(),
    action: z.literal("poll-sales"),
    userId: z.string().meta({ description: "The seller's Vinted user id: read their wardrobe" }),
    page: z.number().int().min(1),
    perPage: z.number().int().min(1),
  })
  .meta({
    id: "RelayPoll",
    description:
      "Read one page of the seller's wardrobe (sold items included) and report its items: the sales poll of a relay account",
  });

const Message = z.string().trim().min(1).max(1000);
const HttpStatus = z.number().int().min(100).max(599).optional();
const AccountRefusalBody = z.strictObject({
  outcome: z.enum(["blocked", "session_expired", "rate_limited"]),
  message: Message,
  status: HttpStatus,
  retryAfterSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .optional(),
});

const RelayOutcomeBody = z
  .discriminatedUnion("outcome", [
    z.strictObject({
      outcome: z.literal("done"),
      item: z
        .strictObject({
          id: z.string().regex(/^\d{1,20}$/, "A Vinted item id is a number."),
          url: z.url({ protocol: /^https?$/ }).max(500),
          title: z.string().max(500).optional(),
          price: z
            .string()
            .regex(/^\d{1,7}(\.\d{1,2})?$/)
            .optional(),
        })
        .optional(),
    }),
    z.strictObject({
      outcome: z.literal("failed"),
      kind: z.enum(["retryable", "permanent"]),
      message: Message,
      status: HttpStatus,
    }),
    AccountRefusalBody,
  ])
  .meta({ id: "RelayOutcome" });

const RelayPollReportBody = z
  .discriminatedUnion("outcome", [
    z.strictObject({
      outcome: z.literal("read"),
      items: z
        .array(
          z.strictObject({
            id: z.string().regex(/^\d{1,20}$/, "A Vinted item id is a number."),
            state: z.enum(REMOTE_ITEM_STATES),
          }),
        )
        .max(200),
      totalPages: z.number().int().min(0).max(100_000),
    }),
    z.strictObject({
      outcome: z.literal("failed"),
      kind: z.enum(["retryable", "permanent"]),
      message: Message,
      status: HttpStatus,
    }),
    AccountRefusalBody,
  ])
  .meta({ id: "RelayPollReport" });

export function relayOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "put",
      path: "/api/v1/channel-accounts/{id}/relay",
      operationId: "setRelayMode",
      summary:
        "Relay mode: the seller's browser extension performs this Vinted account's queued actions",
      tags: ["relay"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      body: z.strictObject({ enabled: z.boolean() }),
      responses: { 200: { description: "The account", schema: ChannelAccount } },
      handler: async ({ auth, params, body }) => {
        const account = await setRelayMode(db, auth.tenantId, params.id, body.enabled);
        if (!account) throw problems.notFound("Vinted account");
        return { body: account };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/relay/status",
      operationId: "getRelayStatus",
      summary: `The shop, this device and the accounts it relays for (extension). ${DEVICE_AUTH}`,
      tags: ["relay"],
      auth: "none",
      responses: {
        200: {
          description: "What the extension's popup shows",
          schema: z
            .object({
              shop: z.object({ name: z.string() }),
              device: z.object({ name: z.string() }),
              accounts: z.array(
                z.object({
                  id: z.uuid(),
                  domain: z.string().nullable(),
                  username: z.string().nullable(),
                  pending: z.number().int().meta({ description: "Listings with a queued action" }),
                }),
              ),
            })
            .meta({ id: "RelayStatus" }),
        },
        401: deviceUnauthorized,
      },
      handler: async ({ req }) => {
        const device = await authenticateDevice(req, db);
        return { body: await relayStatus(db, device) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/relay/actions/next",
      operationId: "nextRelayAction",
      summary: `The next queued action of a relay account, when pacing allows one (extension). ${DEVICE_AUTH}`,
      tags: ["relay"],
      auth: "none",
      body: z.strictObject({}),
      responses: {
        200: {
          description:
            "An action to perform now and report (a listing action, or a page of a sales poll), or none with when to ask again (`retryAt`, null when nothing waits)",
          schema: z
            .union([
              z.object({ action: z.discriminatedUnion("action", [RelayAction, RelayPoll]) }),
              z.object({ action: z.null(), retryAt: z.iso.datetime().nullable() }),
            ])
            .meta({ id: "RelayHandout" }),
        },
        401: deviceUnauthorized,
      },
      handler: async ({ req }) => {
        const device = await authenticateDevice(req, db);
        return { body: await nextRelayAction(relayRuntime(ctx), device) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/relay/actions/{actionId}/outcome",
      operationId: "reportRelayOutcome",
      summary: `How a relayed action went on Vinted (extension). ${DEVICE_AUTH}`,
      tags: ["relay"],
      auth: "none",
      params: z.strictObject({ actionId: z.string().max(100) }),
      body: RelayOutcomeBody,
      responses: {
        200: {
          description: "The listing's state after the outcome",
          schema: z.object({ state: z.string() }).meta({ id: "RelayOutcomeApplied" }),
        },
        401: deviceUnauthorized,
        404: { description: "No such action" },
        409: { description: "The action is no longer waiting for the extension" },
      },
      handler: async ({ req, params, body }) => {
        const device = await authenticateDevice(req, db);
        return { body: await applyRelayOutcome(relayRuntime(ctx), device, params.actionId, body) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/relay/polls/{pollId}/outcome",
      operationId: "reportRelayPoll",
      summary: `The wardrobe page a relayed sales poll read on Vinted, or why it could not (extension). ${DEVICE_AUTH}`,
      tags: ["relay"],
      auth: "none",
      params: z.strictObject({ pollId: z.string().max(100) }),
      body: RelayPollReportBody,
      responses: {
        200: {
          description: "Listings marked sold from this page, and whether the poll ended",
          schema: z
            .object({ sold: z.number().int(), done: z.boolean() })
            .meta({ id: "RelayPollApplied" }),
        },
        401: deviceUnauthorized,
        404: { description: "No such poll" },
        409: { description: "The poll is no longer waiting for the extension" },
      },
      handler: async ({ req, params, body }) => {
        const device = await authenticateDevice(req, db);
        const rt = relayRuntime(ctx);
        return {
          body: await withTenant(db, device.tenantId, (tx) =>
            applyPollReport(rt, tx, device, params.pollId, body),
          ),
        };
      },
    }),
  ];
}
