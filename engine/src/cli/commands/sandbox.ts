import type { Command } from "commander";
import { type OpenAiSandbox, startOpenAiSandbox } from "../../sandbox/openai/server.ts";
import {
  SANDBOX_API_VERSION,
  type ShopifySandbox,
  startShopifySandbox,
} from "../../sandbox/shopify/server.ts";
import { startVintedSandbox, type VintedSandbox } from "../../sandbox/vinted/server.ts";
import { startWooSandbox } from "../../sandbox/woocommerce/server.ts";
import { wooUsage } from "../../sandbox/woocommerce/usage.ts";
import { reportError } from "../run-command.ts";

// `stoflow sandbox`: the local stand-ins for outside systems. Each entry starts one and
// says how to use it; the shop and OpenAI sandboxes join this list.

interface SandboxOptions {
  port: string;
  shopifyPort: string;
  shopifyProducts: string;
  host: string;
  burst?: string;
  openaiPort: string;
  wooPort: string;
  wooProducts: string;
}

interface RunningSandbox {
  name: string;
  usage: string;
  close(): Promise<void>;
}

/** "20/240" or "20/240/3600": limit / window seconds [/ block seconds]. */
function parseBurst(text: string | undefined) {
  if (!text) return undefined;
  const match = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(text);
  if (!match)
    throw new Error(
      `--burst takes LIMIT/WINDOW_SECONDS[/BLOCK_SECONDS], e.g. 20/240, not "${text}"`,
    );
  return {
    limit: Number(match[1]),
    windowSeconds: Number(match[2]),
    blockSeconds: match[3] ? Number(match[3]) : 3600,
  };
}

function vintedUsage(sandbox: VintedSandbox): string {
  const seller = sandbox.seeded[0];
  const cookie = seller
    ? Object.entries(seller.session.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join("; ")
    : "";
  const base = sandbox.baseUrlFor("www.vinted.fr");
  return [
    `Vinted sandbox: ${sandbox.url}`,
    `  Any country site: ${sandbox.url}/<domain>/api/v2/... (e.g. ${base}/api/v2/users/current)`,
    `  Seeded seller "${seller?.user.login}" (id ${seller?.user.id}) on www.vinted.fr; its captured session:`,
    `    ${JSON.stringify(seller?.session)}`,
    "  Try it:",
    `    curl -s ${base}/api/v2/users/current -H 'Cookie: ${cookie}'`,
    "  Control API (not Vinted's):",
    `    POST   ${sandbox.url}/__sandbox/users {"login","domain"}      new seller + session`,
    `    POST   ${sandbox.url}/__sandbox/users/<id>/expire-sessions   next call answers 401`,
    `    POST   ${sandbox.url}/__sandbox/items/<id>/sell              closes the item as sold`,
    `    POST   ${sandbox.url}/__sandbox/faults {"type":"blocked|rate_limited|server_error|timeout|slow|malformed","count","path","method","status","retryAfterSeconds","delayMs","body"}`,
    `    PUT    ${sandbox.url}/__sandbox/burst {"limit","windowSeconds","blockSeconds"}   DataDome 403 after a burst`,
    `    GET    ${sandbox.url}/__sandbox/state                         users with item counts`,
    `    GET    ${sandbox.url}/__sandbox/requests                      the API requests answered so far`,
  ].join("\n");
}

function shopifyUsage(sandbox: ShopifySandbox): string {
  const control = `${sandbox.url}/__sandbox`;
  return [
    `Shopify sandbox: ${sandbox.url} (shop ${sandbox.shop}, Admin API ${SANDBOX_API_VERSION})`,
    `  Offline access token: ${sandbox.accessToken}   app secret (webhook HMAC): ${sandbox.apiSecret}`,
    `  ${sandbox.state.products.size} products seeded. Try it:`,
    `    curl -s ${sandbox.graphqlUrl} -H 'X-Shopify-Access-Token: ${sandbox.accessToken}' \\`,
    `      -H 'Content-Type: application/json' -d '{"query":"{ products(first: 3) { nodes { id title } } }"}'`,
    "  Connect it to Stoflow: set STOFLOW_SHOPIFY_URL to this URL, then",
    `    POST /api/v1/sources/shopify/connect {"shop":"${sandbox.shop}","accessToken":"${sandbox.accessToken}"}`,
    "  Control API (not Shopify's):",
    `    POST   ${control}/products/seed {"count","seed","variants"}   generated resale catalog`,
    `    POST   ${control}/products                  one new product (products/create)`,
    `    PATCH  ${control}/products/<id> {"title","price","status",...}   (products/update)`,
    `    DELETE ${control}/products/<id>             (products/delete)`,
    `    POST   ${control}/orders {"lineItems":[{"variantId","quantity"}]}   (orders/create, inventory_levels/update)`,
    `    GET    ${control}/webhooks                  subscriptions and deliveries`,
    `    PUT    ${control}/webhooks/hold {"hold"}    queue deliveries; POST ${control}/webhooks/release {"order":"newest_first"}`,
    `    POST   ${control}/webhooks/deliveries/<webhook id>/redeliver   a duplicate delivery`,
    `    POST   ${control}/webhooks/trigger {"topic","productId"}   a delivery of the product as it is`,
    `    POST   ${control}/faults {"type":"server_error|rate_limited|throttled|timeout|truncated","count","path"}`,
    `    PUT    ${control}/faults/rate {"rate":0.05,"types":[...]}   random faults`,
    `    PUT    ${control}/throttle {"maximumAvailable","restoreRate"}   the cost bucket`,
    `    GET    ${control}/state | ${control}/requests`,
  ].join("\n");
}

function openAiUsage(sandbox: OpenAiSandbox): string {
  return [
    `OpenAI sandbox: ${sandbox.baseUrl} (chat completions with structured outputs)`,
    "  Point the engine at it:",
    `    OPENAI_BASE_URL=${sandbox.baseUrl} OPENAI_API_KEY=sandbox npm start`,
    "  Control API (not OpenAI's):",
    `    POST   ${sandbox.url}/__sandbox/faults {"type":"rate_limited|server_error|slow|timeout|malformed","count","status","retryAfterSeconds","delayMs","content"}`,
    `    POST   ${sandbox.url}/__sandbox/replies {"contents":["<message content>"]}   scripted answers, in order`,
    `    GET    ${sandbox.url}/__sandbox/requests                     calls and tokens so far`,
    `    POST   ${sandbox.url}/__sandbox/reset                        faults, replies and counts cleared`,
  ].join("\n");
}

async function startAll(options: SandboxOptions): Promise<RunningSandbox[]> {
  const vinted = await startVintedSandbox({
    port: Number(options.port),
    host: options.host,
    burst: parseBurst(options.burst),
    seedUsers: [{ login: "lea", domain: "www.vinted.fr" }],
  });
  const shopify = await startShopifySandbox({
    port: Number(options.shopifyPort),
    host: options.host,
    seedProducts: Number(options.shopifyProducts),
  }).catch(async (error) => {
    await vinted.close();
    throw error;
  });
  const openai = await startOpenAiSandbox({
    port: Number(options.openaiPort),
    host: options.host,
  }).catch(async (error) => {
    await Promise.all([vinted.close(), shopify.close()]);
    throw error;
  });
  const woo = await startWooSandbox({
    port: Number(options.wooPort),
    host: options.host,
    products: Number(options.wooProducts),
  }).catch(async (error) => {
    await Promise.all([vinted.close(), shopify.close(), openai.close()]);
    throw error;
  });
  return [
    { name: "vinted", usage: vintedUsage(vinted), close: () => vinted.close() },
    { name: "shopify", usage: shopifyUsage(shopify), close: () => shopify.close() },
    { name: "openai", usage: openAiUsage(openai), close: () => openai.close() },
    { name: "woocommerce", usage: wooUsage(woo), close: () => woo.close() },
  ];
}

export function registerSandboxCommand(program: Command): void {
  program
    .command("sandbox")
    .description(
      "Run local stand-ins for the outside systems (Vinted, Shopify, WooCommerce, OpenAI), speaking their protocols",
    )
    .option("-p, --port <port>", "Vinted sandbox port", "3100")
    .option("--shopify-port <port>", "Shopify sandbox port", "3200")
    .option("--shopify-products <n>", "products seeded in the Shopify sandbox", "50")
    .option("--openai-port <port>", "OpenAI sandbox port", "3300")
    .option("--woo-port <port>", "WooCommerce sandbox port", "3400")
    .option("--woo-products <n>", "products seeded in the WooCommerce sandbox", "20")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--burst <limit/seconds>", "answer 403 (DataDome) after LIMIT requests in SECONDS")
    .action(async (options: SandboxOptions) => {
      try {
        for (const [flag, value] of [
          ["--port", options.port],
          ["--shopify-port", options.shopifyPort],
          ["--shopify-products", options.shopifyProducts],
          ["--openai-port", options.openaiPort],
          ["--woo-port", options.wooPort],
          ["--woo-products", options.wooProducts],
        ]) {
          if (!/^\d+$/.test(value ?? ""))
            throw new Error(`${flag} must be a number, not "${value}"`);
        }
        const running = await startAll(options);
        for (const sandbox of running) process.stdout.write(`${sandbox.usage}\n\n`);
        process.stdout.write("Ctrl-C stops the sandbox.\n");
        const stop = () => {
          Promise.all(running.map((s) => s.close())).then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      } catch (error) {
        reportError(error);
      }
    });
}
