// Photo upload: one multipart request per photo, grouped by the item's upload session uuid.

import { Router } from "express";
import multer from "multer";
import { businessError, ok } from "../answers.ts";
import { sessionOf } from "../auth.ts";
import type { RouteContext } from "./items.ts";

const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 10 },
}).single("photo[file]");

/** JPEG, PNG or WebP by their first bytes, whatever the client claims. */
function imageType(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("hex") === "89504e47") return "image/png";
  if (bytes.subarray(0, 4).toString() === "RIFF" && bytes.subarray(8, 12).toString() === "WEBP") {
    return "image/webp";
  }
  return undefined;
}

/** Multer reads `photo[type]` either as a nested object or as a flat key. */
function field(body: Record<string, unknown> | undefined, name: "type" | "temp_uuid") {
  const nested = body?.photo as Record<string, unknown> | undefined;
  const value = nested?.[name] ?? body?.[`photo[${name}]`];
  return typeof value === "string" ? value : undefined;
}

export function photoRoutes(context: RouteContext): Router {
  const router = Router();
  router.post("/photos", (req, res) => {
    upload(req, res, (error: unknown) => {
      if (error) {
        return businessError(
          res,
          400,
          99,
          `The photo could not be read: ${(error as Error).message}`,
          "validation_error",
          [{ field: "photo[file]", value: "unreadable upload" }],
        );
      }
      const file = req.file;
      const type = field(req.body, "type");
      const tempUuid = field(req.body, "temp_uuid");
      const errors = [];
      if (type !== "item") errors.push({ field: "photo[type]", value: "must be item" });
      if (!tempUuid) errors.push({ field: "photo[temp_uuid]", value: "missing" });
      const contentType = file ? imageType(file.buffer) : undefined;
      if (!contentType)
        errors.push({ field: "photo[file]", value: "send a JPEG, PNG or WebP image" });
      if (errors.length > 0 || !file || !contentType || !tempUuid) {
        return businessError(res, 400, 99, "The photo was refused", "validation_error", errors);
      }
      const photo = context.state.addPhoto({
        userId: sessionOf(res).userId,
        tempUuid,
        bytes: file.size,
        contentType,
      });
      const base = context.baseOf(req, res);
      ok(res, {
        id: photo.id,
        temp_uuid: tempUuid,
        url: `${base}/photos/${photo.id}/f800.jpeg`,
        thumbnails: [{ type: "thumb150x210", url: `${base}/photos/${photo.id}/150x210.jpeg` }],
      });
    });
  });
  return router;
}
