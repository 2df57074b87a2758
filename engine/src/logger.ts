import { pino } from "pino";
import type { Config } from "./config.ts";

export type Logger = pino.Logger;

// Never log these, wherever they appear in a logged object.
const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "refreshToken",
  "*.accessToken",
  "*.refreshToken",
  "credentials",
  "*.credentials",
  "req.headers.authorization",
  "req.headers.cookie",
  "databaseUrl",
  "masterKey",
];

/** Server logs go to stdout; CLI commands log to stderr so their stdout stays parseable. */
export function createLogger(config: Pick<Config, "logLevel">, destination: 1 | 2 = 1): Logger {
  return pino(
    { level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } },
    pino.destination(destination),
  );
}
