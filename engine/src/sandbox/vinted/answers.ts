// How the sandbox answers, in Vinted's shapes: success carries `code: 0`, business errors
// `{code, message, message_code, errors: [{field, value}]}`.

import type { Response } from "express";

export interface FieldError {
  field: string;
  value: string;
}

export function ok(res: Response, body: object): void {
  res.status(200).json({ ...body, code: 0 });
}

export function businessError(
  res: Response,
  status: number,
  code: number,
  message: string,
  messageCode: string,
  errors: FieldError[] = [],
): void {
  res.status(status).json({ code, message, message_code: messageCode, errors });
}

export function notFound(res: Response): void {
  businessError(res, 404, 104, "Resource not found", "not_found");
}

/** DataDome's block: a 403 pointing at its captcha page. */
export function datadomeBlock(res: Response): void {
  const cid = Math.random().toString(36).slice(2);
  res.status(403).json({
    url: `https://geo.captcha-delivery.com/captcha/?initialCid=${cid}&hash=sandbox&t=bv&s=47891`,
  });
}
