// API benchmark: the product list on a tenant of 100,000 products vs a bare express route.
// Usage: npm run bench:api [-- --products N --duration S --connections C --path P]
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { freePort } from "../../db/src/embedded/free-port.ts";
import { startBenchServer } from "../lib/server.ts";
import { table } from "../lib/table.ts";
import { type Child, startChild, waitForHealth } from "./processes.ts";
import { seedProducts } from "./seed.ts";

const { values: args } = parseArgs({
  options: {
    products: { type: "string", default: "100000" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "64" },
    path: { type: "string", default: "/api/v1/products?perPage=50&sort=-price&status=active" },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Measure {
  target: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(
  target: string,
  url: string,
  headers: Record<string, string>,
): Promise<Measure> {
  log(`Loading ${target} for ${args.duration}s with ${args.connections} connections...`);
  const result = await autocannon({
    url,
    headers,
    connections: Number(args.connections),
    duration: Number(args.duration),
  });
  return {
    target,
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const server = await startBenchServer(log);
const dataDir = mkdtempSync(join(tmpdir(), "stoflow-bench-api-"));
chmodSync(dataDir, 0o755);
const children: Child[] = [];
try {
  const engineEnv = {
    DATABASE_URL: server.url,
    HOST: "127.0.0.1",
    STOFLOW_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
  };
  const startEngine = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    const child = await startChild(["engine/bin/stoflow.js", "start"], {
      ...engineEnv,
      PORT: String(port),
      ...env,
    });
    children.push(child);
    await waitForHealth(`http://127.0.0.1:${port}`);
    return { url: `http://127.0.0.1:${port}`, child };
  };
  let engine = await startEngine();
  const signup = await fetch(`${engine.url}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString("hex")}@example.test`,
      password: "benchmark password",
      shopName: "Bench shop",
    }),
  });
  const session = (await signup.json()) as { accessToken: string; tenant: { id: number } };
  log(`Seeding ${args.products} products...`);
  await seedProducts(server.url, session.tenant.id, Number(args.products));
  const auth = { authorization: `Bearer ${session.accessToken}` };
  const pgClient = new pg.Client({ connectionString: server.url });
  await pgClient.connect();
  const postgres = (await pgClient.query("SHOW server_version")).rows[0]?.server_version as string;
  await pgClient.end();
  const measure = async (target: string) => {
    const probe = await fetch(`${engine.url}${args.path}`, { headers: auth });
    if (!probe.ok) throw new Error(`${args.path} answered ${probe.status}: ${await probe.text()}`);
    await autocannon({
      url: `${engine.url}${args.path}`,
      headers: auth,
      connections: 8,
      duration: 2,
    });
    return load(target, `${engine.url}${args.path}`, auth);
  };
  // As configured by default: repeated lists come from the engine's list cache.
  const products = await measure("GET products");
  // The same engine with the cache off (STOFLOW_LIST_CACHE_MB=0): every request queries.
  await engine.child.stop();
  children.splice(children.indexOf(engine.child), 1);
  engine = await startEngine({ STOFLOW_LIST_CACHE_MB: "0" });
  const uncached = await measure("GET products, no cache");
  await engine.child.stop();
  children.splice(children.indexOf(engine.child), 1);

  const barePort = await freePort();
  children.push(
    await startChild(["bench/api/bare-server.ts"], { PORT: String(barePort) }, (o) =>
      o.includes("ready"),
    ),
  );
  const bare = await load("bare express", `http://127.0.0.1:${barePort}/bare`, {});
  const ratio = products.requestsPerSec / bare.requestsPerSec;

  const rows = [products, uncached, bare].map((m) => [
    m.target,
    m.requestsPerSec.toFixed(0),
    `${m.p50} ms`,
    `${m.p99} ms`,
    String(m.errors + m.non2xx),
  ]);
  console.log(table(["target", "req/s", "p50", "p99", "errors"], rows));
  console.log(`\nthroughput ratio products/bare: ${(ratio * 100).toFixed(1)} % (goal >= 40 %)`);
  console.log(`products p99: ${products.p99} ms (goal <= 25 ms)`);
  const uncachedRatio = uncached.requestsPerSec / bare.requestsPerSec;
  console.log(
    `without the list cache: ${(uncachedRatio * 100).toFixed(1)} % of bare, p99 ${uncached.p99} ms`,
  );
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: totalmem() / 2 ** 30 },
    node: process.version,
    postgres,
    settings: { ...args, database: server.embedded ? "embedded" : "external" },
    products,
    uncached,
    bare,
    ratio,
    uncachedRatio,
    goals: { p99Met: products.p99 <= 25, ratioMet: ratio >= 0.4 },
  };
  writeFileSync(new URL("results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  for (const child of children.reverse()) await child.stop();
  await server.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
}
