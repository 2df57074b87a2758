// The WooCommerce sandbox in its own process (its JSON work must not share the importer's
// event loop or be counted in its memory). Prints "ready <json>"; SIGTERM closes it.
import { startWooSandbox } from "../../engine/src/sandbox/woocommerce/server.ts";

// Set by run.ts (bench children take no arguments).
const products = Number(process.env.BENCH_IMPORT_PRODUCTS ?? 50_000);
const variableRatio = Number(process.env.BENCH_IMPORT_VARIABLE_RATIO ?? 0.1);
const sandbox = await startWooSandbox({ port: 0, products, variableRatio });
process.stdout.write(
  `ready ${JSON.stringify({ url: sandbox.url, consumerKey: sandbox.key?.consumerKey, consumerSecret: sandbox.key?.consumerSecret })}\n`,
);
process.on("SIGTERM", () => {
  void sandbox.close().finally(() => process.exit(0));
});
