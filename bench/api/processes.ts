import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Child {
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A Node child on the pinned Node; resolves once `ready()` says the output shows it is up, or
 * at once without `ready` (the caller then waits for it otherwise, e.g. `waitForHealth`).
 */
export function startChild(
  argv: string[],
  env: NodeJS.ProcessEnv,
  ready?: (output: string) => boolean,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let started = false;
    const markStarted = () => {
      started = true;
      resolve({
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    const onOutput = (chunk: Buffer) => {
      output += chunk;
      if (output.length > 100_000) output = output.slice(-50_000);
      if (!started && ready?.(output)) markStarted();
    };
    // Both pipes are always drained: a child blocked on a full pipe would hang the benchmark.
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    if (!ready) child.once("spawn", markStarted);
    child.once("exit", (code) =>
      reject(new Error(`${argv.join(" ")} exited (${code}):\n${output}`)),
    );
  });
}

export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}
