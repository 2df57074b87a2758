import type { Request, Response } from "express";
import multer from "multer";
import { HttpProblem, problems } from "../../http/problem.ts";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 10;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: MAX_UPLOAD_BYTES,
    files: MAX_UPLOAD_FILES,
    fields: 0,
    parts: MAX_UPLOAD_FILES,
  },
}).array("images", MAX_UPLOAD_FILES);

/** Multer's and busboy's errors as problems: 413 for a file too big, 400 for the rest. */
function asProblem(error: unknown): HttpProblem {
  const code = (error as { code?: string }).code;
  if (code === "LIMIT_FILE_SIZE") {
    return new HttpProblem(413, "payload-too-large", "Payload too large", {
      detail: `An image may weigh at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
    });
  }
  if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_PART_COUNT") {
    return problems.badRequest(`Upload at most ${MAX_UPLOAD_FILES} images at once.`);
  }
  if (code === "LIMIT_UNEXPECTED_FILE" || code === "LIMIT_FIELD_COUNT") {
    return problems.badRequest('Send the images as files in the multipart field "images".');
  }
  return problems.badRequest(`The multipart body could not be read: ${(error as Error).message}`);
}

/** The files of a multipart/form-data request (field `images`), held in memory. */
export function readImageFiles(req: Request, res: Response): Promise<Express.Multer.File[]> {
  if (!req.is("multipart/form-data")) {
    return Promise.reject(
      problems.badRequest('Send the images as multipart/form-data, in the field "images".'),
    );
  }
  return new Promise((resolve, reject) => {
    upload(req, res, (error: unknown) => {
      if (error) return reject(asProblem(error));
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      if (files.length === 0) return reject(problems.badRequest('No file in the field "images".'));
      resolve(files);
    });
  });
}
