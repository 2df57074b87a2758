// The built app served by `remix-serve` in its own process, as in production, with the
// app's environment from the test stack. Stopped by its pid.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = createRequire(import.meta.url).resolve("@remix-run/serve/dist/cli.js");

export async function serveBuild(
  env: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  // No PORT: remix-serve picks a free one and prints it.
  const { PORT: _port, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [cli, "build/server/index.js"], {
    cwd: root,
    env: { ...inherited, ...env, NODE_ENV: "production", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`remix-serve did not start:\n${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`remix-serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
