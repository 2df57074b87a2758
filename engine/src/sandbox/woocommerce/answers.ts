// WooCommerce's error answers: {"code", "message", "data": {"status"}}.
import type { Response } from "express";

export function wcError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ code, message, data: { status, ...extra } });
}

export const invalidId = (res: Response, what = "ID") =>
  wcError(res, 404, "woocommerce_rest_product_invalid_id", `Invalid ${what}.`);

export const invalidParam = (res: Response, param: string, reason: string) =>
  wcError(res, 400, "rest_invalid_param", `Invalid parameter(s): ${param}`, {
    params: { [param]: reason },
    details: {},
  });
