// Every sandbox listens the same way: on the given host and port (0: a free one), resolving
// once bound or rejecting with the bind error, and saying its base URL.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export async function listen(
  server: Server,
  options: { host?: string | undefined; port?: number | undefined; tls?: boolean },
): Promise<{ url: string; port: number }> {
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? "https" : "http";
  return { url: `${scheme}://${host.includes(":") ? `[${host}]` : host}:${port}`, port };
}
