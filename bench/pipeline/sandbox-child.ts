// The Vinted sandbox in its own process, so its HTTP work does not share the pipeline's
// event loop. Prints "ready <url>" once listening; SIGTERM closes it.
import { startVintedSandbox } from "../../engine/src/sandbox/vinted/server.ts";

const sandbox = await startVintedSandbox({ port: 0 });
process.stdout.write(`ready ${sandbox.url}\n`);
process.on("SIGTERM", () => {
  void sandbox.close().finally(() => process.exit(0));
});
