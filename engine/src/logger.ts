import { pino } from "pino";
import pretty from "pino-pretty";
import type { Config } from "./config.ts";

export type Logger = pino.Logger;

// Never log these, wherever they appear in a logged object.
export const REDACT = [
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
  "newMasterKey",
  // Marketplace sessions (cookies, CSRF token) wherever they sit in a logged object.
  "cookies",
  "*.cookies",
  "*.*.cookies",
  "csrfToken",
  "*.csrfToken",
  "*.*.csrfToken",
  "session",
  "*.session",
];

/**
 * Server logs go to stdout; CLI commands log to stderr so their stdout stays parseable.
 * JSON lines for machines; readable lines when a person watches a terminal.
 */
export function createLogger(
  config: Pick<Config, "logLevel" | "production">,
  destination: 1 | 2 = 1,
): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } };
  const tty = destination === 1 ? process.stdout.isTTY : process.stderr.isTTY;
  if (tty && !config.production) {
    return pino(
      options,
      pretty({ destination, ignore: "pid,hostname", translateTime: "HH:MM:ss", sync: true }),
    );
  }
  return pino(options, pino.destination(destination));
}
