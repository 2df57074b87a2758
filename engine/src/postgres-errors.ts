/** PostgreSQL's SQLSTATE of an error, also when drizzle wrapped it (DrizzleQueryError.cause). */
export function postgresErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";
export const INVALID_PARAMETER_VALUE = "22023";
