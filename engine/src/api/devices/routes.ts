// The browsers paired with the shop (the extension): any member sees them, owners and admins
// revoke one. Token hashes never leave the engine.
import { z } from "zod";
import type { EngineContext } from "../../context.ts";
import { listPairedDevices, revokePairedDevice } from "../../devices/paired-devices.ts";
import { defineOperation } from "../../http/operation.ts";
import { problems } from "../../http/problem.ts";
import { UuidParam } from "../shared-schemas.ts";

const Device = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ example: "Chrome on Léa's laptop" }),
    createdAt: z.iso.datetime().meta({ description: "When it was paired" }),
    lastSeenAt: z.iso.datetime().nullable().meta({
      description: "Its last call to the engine (kept to the minute); null before the first",
    }),
    revokedAt: z.iso.datetime().nullable(),
    live: z.boolean().meta({
      description:
        "Not revoked and seen within 24 hours: what relay mode needs to act for the shop",
    }),
  })
  .meta({ id: "Device" });

export function deviceOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/devices",
      operationId: "listDevices",
      summary: "The browsers paired with this shop through the extension (never their tokens)",
      tags: ["channels"],
      auth: "tenant",
      responses: {
        200: {
          description: "Newest first, revoked ones included",
          schema: z.object({ devices: z.array(Device) }).meta({ id: "DeviceList" }),
        },
      },
      handler: async ({ auth }) => ({
        body: { devices: await listPairedDevices(db, auth.tenantId) },
      }),
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/devices/{id}",
      operationId: "revokeDevice",
      summary: "Revoke a paired browser: its device token answers 401 from now on",
      tags: ["channels"],
      auth: "tenant",
      roles: ["owner", "admin"],
      params: UuidParam,
      responses: {
        204: { description: "Revoked, or already was (idempotent)" },
        404: { description: "No such device in this shop" },
      },
      handler: async ({ auth, params }) => {
        const outcome = await revokePairedDevice(db, auth.tenantId, params.id);
        if (outcome === "missing") throw problems.notFound("Device");
        return { status: 204 };
      },
    }),
  ];
}
