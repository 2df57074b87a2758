import express, { type Request, type Response } from "express";
import { problems } from "../../http/problem.ts";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
const CSV_TYPES = ["text/csv", "application/csv", "text/plain"];

const readText = express.text({ type: CSV_TYPES, limit: MAX_CSV_BYTES });

/** The request body as text when it is CSV; too large is a 413 (body-parser's own error). */
export function readCsvBody(req: Request, res: Response): Promise<string> {
  if (!req.is(CSV_TYPES)) {
    return Promise.reject(
      problems.badRequest("Send the file as text/csv (Content-Type: text/csv)."),
    );
  }
  return new Promise((resolve, reject) => {
    readText(req, res, (error?: unknown) => {
      if (error) return reject(error);
      resolve(typeof req.body === "string" ? req.body : "");
    });
  });
}
