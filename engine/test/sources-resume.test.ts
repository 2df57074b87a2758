// An import killed mid-way resumes from its cursor: the CLI importing in a child process is
// SIGKILLed, the next run takes the same run over (its advisory lock died with the process)
// and ends with the same catalog as a clean import: every product once, nothing missing.
import { spawn } from "node:child_process";
import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectSource } from "../src/sources/connect.ts";
import { importDeps } from "../src/sources/deps.ts";
import { ImportBusy, runImport } from "../src/sources/import-run.ts";
import { runCli, STOFLOW_BIN } from "./support/cli.ts";
import { request } from "./support/engine.ts";
import { until } from "./support/sandbox-flow.ts";
import {
  expectCatalog,
  startWooFlow,
  storedProducts,
  type WooFlow,
} from "./support/woocommerce.ts";

const PRODUCTS = 2_000;

describe("import runs after a crash", () => {
  let flow: WooFlow;
  let sourceId: string;
  beforeAll(async () => {
    flow = await startWooFlow({ products: PRODUCTS, variableRatio: 0.2 });
  });
  afterAll(() => flow.close());

  async function runRow() {
    const { rows } = await flow.engine.database.pool.query(
      `SELECT id, status, done, failed, cursor FROM ${tenantSchema(flow.shop.tenantId)}.import_runs
       WHERE source_id = $1 ORDER BY started_at DESC LIMIT 1`,
      [sourceId],
    );
    return rows[0];
  }

  it("resumes an import whose process was SIGKILLed, with no duplicate and nothing missing", async () => {
    // Connected without queueing an import job: the run is the CLI's alone.
    const publishing = flow.engine.ctx.publishing;
    if (!publishing) throw new Error("publishing is not running");
    const connected = await connectSource(
      importDeps(flow.engine.ctx, publishing.requester),
      flow.shop.tenantId,
      {
        kind: "woocommerce",
        baseUrl: flow.woo.url,
        credentials: {
          consumerKey: flow.woo.key?.consumerKey ?? "",
          consumerSecret: flow.woo.key?.consumerSecret ?? "",
        },
      },
      flow.engine.url,
    );
    sourceId = connected.source.id;
    // A rate limit keeps the child's import long enough to be killed in the middle.
    await flow.control("PUT", "/rate-limit", { limit: 40, windowSeconds: 1 });
    const env = {
      ...process.env,
      DATABASE_URL: flow.engine.database.url,
      STOFLOW_MASTER_KEY: flow.engine.masterKey.toString("base64"),
      STOFLOW_DATA_DIR: flow.engine.ctx.config.dataDir,
      LOG_LEVEL: "warn",
    };
    const child = spawn(
      process.execPath,
      [STOFLOW_BIN, "import", "--tenant", String(flow.shop.tenantId), "--source", sourceId],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const midway = await until(runRow, (r) => r?.done >= 500, 60_000);
    expect(midway.done, stderr).toBeGreaterThanOrEqual(500);
    child.kill("SIGKILL");
    await exited;
    await flow.control("PUT", "/rate-limit", {});
    const killed = await runRow();
    expect(killed.status).toBe("running");
    expect(killed.done).toBeLessThan(PRODUCTS);
    const { rows: partial } = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n FROM ${tenantSchema(flow.shop.tenantId)}.products`,
    );
    expect(partial[0].n).toBeGreaterThanOrEqual(killed.done);

    // The same run, taken over: it starts after its last stored page.
    // PostgreSQL releases the dead process's advisory lock once it notices the closed socket.
    const deps = importDeps(flow.engine.ctx, publishing.requester);
    const progress = await (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await runImport(deps, flow.shop.tenantId, sourceId);
        } catch (error) {
          if (!(error instanceof ImportBusy) || attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })();
    expect(progress).toMatchObject({
      runId: killed.id,
      status: "succeeded",
      done: PRODUCTS,
      failed: 0,
      resumes: 1,
    });
    expectCatalog(flow.woo, await storedProducts(flow.engine, flow.shop.tenantId), PRODUCTS);
    const { rows: items } = await flow.engine.database.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS refs FROM ${tenantSchema(flow.shop.tenantId)}.source_items`,
    );
    expect(items[0]).toEqual({ n: PRODUCTS, refs: PRODUCTS });

    // The command run to its end: a summary and exit code 0; a wrong id is explained.
    const args = ["import", "--tenant", String(flow.shop.tenantId), "--source", sourceId];
    const again = await runCli([...args, "--kind", "incremental"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Import succeeded: 0 products, 0 failed.");
    const wrong = await runCli(
      ["import", "--tenant", String(flow.shop.tenantId), "--source", "nope"],
      env,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("A source id is a UUID.");
  }, 120_000);

  it("resumes an aborted import in process, and shows the progress stream to the end", async () => {
    const publishing = flow.engine.ctx.publishing;
    if (!publishing) throw new Error("publishing is not running");
    const deps = importDeps(flow.engine.ctx, publishing.requester);
    const abort = new AbortController();
    const stopped = runImport(deps, flow.shop.tenantId, sourceId, {
      force: true,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done >= 1_000) abort.abort(new Error("stop"));
      },
    });
    await expect(stopped).rejects.toThrow("stop");
    const aborted = await runRow();
    expect(aborted.status).toBe("running");

    // A stream opened now follows the resumed run to its end.
    const events = fetch(
      `${flow.engine.url}/api/v1/sources/${sourceId}/imports/${aborted.id}/events`,
      {
        headers: { authorization: `Bearer ${flow.shop.accessToken}` },
      },
    ).then((res) => res.text());
    const done = await runImport(deps, flow.shop.tenantId, sourceId);
    expect(done).toMatchObject({
      runId: aborted.id,
      status: "succeeded",
      done: PRODUCTS,
      resumes: 1,
    });
    const text = await events;
    const frames = text.split("\n\n").filter((f) => f.startsWith("event: progress"));
    expect(frames.length).toBeGreaterThan(0);
    const last = JSON.parse((frames.at(-1) as string).split("data: ")[1] as string);
    expect(last).toMatchObject({
      status: "succeeded",
      done: PRODUCTS,
      total: PRODUCTS,
      etaSeconds: 0,
    });
    expectCatalog(flow.woo, await storedProducts(flow.engine, flow.shop.tenantId), PRODUCTS);

    const runs = await request(flow.engine, "GET", `/api/v1/sources/${sourceId}/imports`, {
      token: flow.shop.accessToken,
    });
    expect(
      runs.body.items.map((r: { kind: string; status: string }) => `${r.kind} ${r.status}`),
    ).toEqual(["full succeeded", "incremental succeeded", "full succeeded"]);
  }, 120_000);
});
