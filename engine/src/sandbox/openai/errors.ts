import type { Response } from "express";

/** OpenAI's error body: {"error": {message, type, param, code}}. */
export function apiError(
  res: Response,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): void {
  res.status(status).json({ error: { message, type, param, code } });
}
