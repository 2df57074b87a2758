import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** The repository's pinned Node (22, with type stripping), not whatever `node` is on PATH. */
export const NODE_BIN = fileURLToPath(new URL("../../../node_modules/.bin/node", import.meta.url));

export function supportScript(name: string): string {
  return fileURLToPath(new URL(name, import.meta.url));
}

export interface NodeChild {
  process: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
}

export function spawnNode(script: string, env: Record<string, string>): NodeChild {
  const child = spawn(NODE_BIN, [supportScript(script)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = once(child, "exit").then(
    ([code, signal]) => (signal ?? code) as number | NodeJS.Signals | null,
  );
  return { process: child, output: () => output, exited };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
