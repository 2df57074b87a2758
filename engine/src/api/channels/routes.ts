import { z } from "zod";
import { ChannelAccount } from "../../channel-accounts/output.ts";
import { saveVintedSession, vintedSessionStatus } from "../../channel-accounts/vinted-session.ts";
import { VINTED_DOMAINS } from "../../channels/vinted/domains.ts";
import type { EngineContext } from "../../context.ts";
import { revokeDevice } from "../../devices/device-auth.ts";
import { createPairingCode, redeemPairingCode } from "../../devices/pairing-codes.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";

const DEVICE_AUTH = "Device token: `Authorization: Bearer sfd_...` from pairing.";
const deviceUnauthorized = { description: "Missing, invalid or revoked device token" };

const VintedDomain = z.enum(VINTED_DOMAINS);
const CookieName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, "Not a cookie name.");

const VintedSessionBody = z
  .strictObject({
    domain: VintedDomain,
    cookies: z
      .record(CookieName, z.string().max(8192))
      .refine((c) => Object.keys(c).length <= 100, "At most 100 cookies.")
      .refine((c) => Boolean(c.access_token_web), "The access_token_web cookie is required.")
      .meta({ description: "Every cookie of the Vinted domain, name to value" }),
    csrfToken: z.string().min(1).max(512),
    userAgent: z.string().min(1).max(1024),
    acceptLanguage: z.string().min(1).max(512).optional(),
    userId: z.string().regex(/^\d{1,20}$/, "A Vinted user id is a number."),
    username: z.string().trim().min(1).max(100),
  })
  .meta({ id: "VintedSessionUpload" });

const VintedSessionStatus = z
  .object({
    connected: z.boolean().meta({ description: "The engine holds a working session" }),
    username: z.string().nullable(),
    domain: z.string().nullable(),
    lastSyncAt: z.iso.datetime().nullable(),
    status: ChannelAccount.shape.status.nullable(),
  })
  .meta({ id: "VintedSessionStatus" });

export function channelOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/channels/pairing-codes",
      operationId: "createPairingCode",
      summary: "A one-time code (10 minutes) to pair the browser extension with this shop",
      tags: ["channels"],
      auth: "tenant",
      roles: ["owner", "admin"],
      responses: {
        201: {
          description: "Type `code` into the extension before `expiresAt`",
          schema: z
            .object({
              code: z.string().meta({ example: "K7QM-3XWD" }),
              expiresAt: z.iso.datetime(),
            })
            .meta({ id: "PairingCode" }),
        },
      },
      handler: async ({ auth }) => {
        if (auth.kind !== "user") {
          throw problems.forbidden("Sign in as an owner or admin to pair a browser extension.");
        }
        return { status: 201, body: await createPairingCode(db, auth.tenantId, auth.userId) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/channels/pair",
      operationId: "pairDevice",
      summary: "The extension trades a pairing code for its device token",
      tags: ["channels"],
      auth: "none",
      body: z.strictObject({
        code: z.string().trim().min(1).max(32),
        deviceName: z.string().trim().min(1).max(100).meta({ example: "Chrome on Léa's laptop" }),
      }),
      responses: {
        201: {
          description: "Paired. `deviceToken` is shown in this answer only.",
          schema: z
            .object({
              deviceId: z.uuid(),
              deviceToken: z.string().meta({ description: "Send as `Authorization: Bearer ...`" }),
            })
            .meta({ id: "PairedDevice" }),
        },
        400: { description: "The code is wrong, expired or already used" },
        429: { description: "Too many wrong codes from this address" },
      },
      handler: async ({ body, req }) => {
        const paired = await redeemPairingCode(db, {
          code: body.code,
          deviceName: body.deviceName,
          clientIp: req.ip ?? "unknown",
        });
        return { status: 201, body: { deviceId: paired.deviceId, deviceToken: paired.token } };
      },
    }),
    defineOperation({
      method: "put",
      path: "/api/v1/channels/vinted/session",
      operationId: "uploadVintedSession",
      summary: `Store the seller's Vinted session, encrypted (extension). ${DEVICE_AUTH}`,
      tags: ["channels"],
      auth: "device",
      body: VintedSessionBody,
      responses: {
        200: { description: "The account, without its credentials", schema: ChannelAccount },
        401: deviceUnauthorized,
      },
      handler: async ({ body, auth }) => ({
        body: await saveVintedSession(db, ctx.vault, auth.tenantId, body),
      }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/channels/vinted/session",
      operationId: "getVintedSession",
      summary: `Whether the engine holds a working Vinted session (extension badge). ${DEVICE_AUTH}`,
      tags: ["channels"],
      auth: "device",
      query: z.strictObject({ domain: VintedDomain.optional() }),
      responses: {
        200: { description: "The most recently synced account", schema: VintedSessionStatus },
        401: deviceUnauthorized,
      },
      handler: async ({ query, auth }) => ({
        body: await vintedSessionStatus(db, auth.tenantId, query.domain),
      }),
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/channels/devices/current",
      operationId: "unpairDevice",
      summary: `Unpair the calling extension: its token stops working. ${DEVICE_AUTH}`,
      tags: ["channels"],
      auth: "device",
      responses: { 204: { description: "Unpaired" }, 401: deviceUnauthorized },
      handler: async ({ auth }) => {
        await revokeDevice(db, auth.deviceId);
        return { status: 204 };
      },
    }),
  ];
}
