import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Child {
  process: ChildProcess;
  /** The first line matching `ready <rest>`: its rest. */
  ready: string;
  stop(): Promise<void>;
}

/**
 * A Node child on the pinned Node (this process's), started once it prints `ready ...` (or
 * the given pattern, on stdout).
 */
export function startChild(
  script: string,
  args: string[] = [],
  options: { readyPattern?: RegExp; env?: Record<string, string> } = {},
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = (options.readyPattern ?? /^ready (.+)$/m).exec(output);
      if (!match) return;
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      child.removeAllListeners("exit");
      resolve({
        process: child,
        ready: match[1] ?? match[0],
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
}
