// What `stoflow sandbox` prints about the WooCommerce sandbox: how to connect it and drive it.
import type { WooSandbox } from "./server.ts";

export function wooUsage(sandbox: WooSandbox): string {
  const control = `${sandbox.url}/__sandbox`;
  const key = sandbox.key;
  return [
    `WooCommerce sandbox: ${sandbox.url} (REST API v3 at ${sandbox.url}/wp-json/wc/v3/)`,
    `  ${sandbox.state.productCount} products seeded. API key (read/write):`,
    `    consumer key ${key?.consumerKey}`,
    `    consumer secret ${key?.consumerSecret}`,
    "  Try it:",
    `    curl -s -u ${key?.consumerKey}:${key?.consumerSecret} '${sandbox.url}/wp-json/wc/v3/products?per_page=2' -D - -o /dev/null`,
    "  Connect it to Stoflow (a signed-in owner's token):",
    `    POST /api/v1/sources/woocommerce {"storeUrl":"${sandbox.url}","consumerKey":"${key?.consumerKey}","consumerSecret":"${key?.consumerSecret}"}`,
    `    or POST /api/v1/sources/woocommerce/authorize {"storeUrl":"${sandbox.url}"} and open the URL it answers (approve page)`,
    "  Control API (not WooCommerce's):",
    `    POST   ${control}/seed {"count","variableRatio","seed"}     generated resale catalog`,
    `    POST   ${control}/keys {"permissions":"read_write"}         another API key`,
    `    POST   ${control}/faults {"type":"server_error|rate_limited|timeout|reset|truncated","count","path","method"}`,
    `    PUT    ${control}/faults/random {"rate":0.05,"types":[...]}  random faults;  PUT ${control}/rate-limit {"limit","windowSeconds"}`,
    `    PUT    ${control}/deliveries/hold {"hold":true}             queue webhook deliveries; POST ${control}/deliveries/release {"order":"reverse"}`,
    `    POST   ${control}/deliveries/<id>/redeliver                 a duplicate (or late) delivery`,
    `    GET    ${control}/state | ${control}/deliveries | ${control}/requests`,
    `  Orders (WooCommerce's API): POST ${sandbox.url}/wp-json/wc/v3/orders {"line_items":[{"product_id":1,"quantity":1}]}`,
  ].join("\n");
}
