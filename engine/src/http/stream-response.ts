import type { Response } from "express";
import type { Logger } from "../logger.ts";

export class ClientGone extends Error {
  constructor() {
    super("The client closed the connection.");
  }
}

/** Resolves when `res` can take more, rejects when the client has gone (never hangs). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ClientGone());
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

/**
 * Streams a body produced piece by piece, honouring back-pressure. Headers go out with the
 * first piece, so a failure before it still becomes a problem+json answer; a failure after it
 * can only cut the connection, which the client sees as a truncated download.
 */
export async function streamResponse(
  res: Response,
  log: Logger,
  headers: Record<string, string>,
  produce: (write: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const write = async (chunk: string) => {
    if (res.destroyed) throw new ClientGone();
    if (!res.headersSent) {
      res.status(200);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    }
    if (!res.write(chunk)) await drained(res);
  };
  try {
    await produce(write);
  } catch (error) {
    if (!res.headersSent) throw error;
    if (!(error instanceof ClientGone)) log.error({ err: error }, "Streamed response failed");
    res.destroy();
    return;
  }
  if (!res.headersSent) await write("");
  res.end();
}
