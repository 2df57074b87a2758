// Webhook signatures cover the exact bytes received: the JSON parser keeps them for webhook
// paths (req.rawBody) before it turns them into an object.
import type { IncomingMessage } from "node:http";
import type { Request } from "express";

export const WEBHOOK_PATH_PREFIX = "/api/v1/webhooks/";

export type RawBodyRequest = Request & { rawBody?: Buffer };

/** `verify` hook of express.json: keeps the bytes of webhook deliveries. */
export function keepWebhookRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (req.url?.startsWith(WEBHOOK_PATH_PREFIX)) (req as RawBodyRequest).rawBody = buf;
}

/** The request's bytes: kept by the JSON parser, or read now (form-encoded pings, no type). */
export async function rawBodyOf(req: RawBodyRequest, limitBytes: number): Promise<Buffer> {
  if (req.rawBody) return req.rawBody;
  if (req.readableEnded) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new Error("The body is too large.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
