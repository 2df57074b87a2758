import { ConfigError, loadConfig } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { startEngine } from "../../server.ts";
import { reportError } from "../run-command.ts";

/** Runs until SIGINT/SIGTERM, then shuts down in order; a second signal forces the exit. */
export async function runStart(options: { port?: string; role?: string }): Promise<void> {
  try {
    const role = options.role ?? "all";
    if (role !== "api" && role !== "worker" && role !== "all") {
      throw new ConfigError(`--role must be api, worker or all (got "${role}").`);
    }
    const config = loadConfig(options.port ? { ...process.env, PORT: options.port } : process.env);
    const log = createLogger(config);
    const engine = await startEngine(config, log, { role });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, "Shutting down");
      engine.close().then(
        () => process.exit(0),
        (error) => {
          log.error({ err: error }, "Shutdown failed");
          process.exit(1);
        },
      );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    reportError(error);
  }
}
