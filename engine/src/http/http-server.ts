import { createServer, type RequestListener, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { PROBLEM_BASE } from "./problem.ts";

/**
 * Requests Node refuses before express sees them (a URL or headers over the 16 KB limit,
 * malformed HTTP) are answered as problem+json too, instead of Node's bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const title = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  const body = JSON.stringify({
    type: `${PROBLEM_BASE}${tooLarge ? "headers-too-large" : "bad-request"}`,
    title,
    status,
    detail: tooLarge ? "The URL or headers are too long." : "The request is not valid HTTP.",
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createHttpServer(app: RequestListener): Server {
  const server = createServer(app);
  server.on("clientError", answerClientError);
  return server;
}
