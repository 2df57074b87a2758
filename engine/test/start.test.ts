import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { STOFLOW_BIN } from "./support/cli.ts";

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`engine did not start:\n${output}`)), 60_000);
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/"url":"(http:\/\/localhost:\d+)"/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => reject(new Error(`engine exited (${code}):\n${output}`)));
  });
}

describe("stoflow start with the embedded database", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "stoflow-start-"));
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves /api/health, then stops the engine and its PostgreSQL on SIGTERM", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, STOFLOW_DATA_DIR: dataDir, PORT: "0" };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [STOFLOW_BIN, "start"], { env });
    const url = await waitForUrl(child);

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "ok",
      database: { status: "up", mode: "embedded" },
    });

    const missing = await fetch(`${url}/api/does-not-exist`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");

    const pid = Number(readFileSync(join(dataDir, "pgdata/postmaster.pid"), "utf8").split("\n")[0]);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, "pgdata/postmaster.pid"))).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(join(dataDir, "master.key"))).toBe(true);
  });
});
