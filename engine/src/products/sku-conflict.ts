import { problems } from "../http/problem.ts";

interface PgError {
  code?: string;
  constraint?: string;
}

/** drizzle wraps the driver's error; the PostgreSQL details are on it or on its cause. */
function pgError(error: unknown): PgError | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as PgError & { cause?: unknown };
  if (e.code) return e;
  return e.cause ? pgError(e.cause) : undefined;
}

/** Runs a write; a second product with the same SKU becomes a 409 the seller can act on. */
export async function guardSku<T>(sku: string | null | undefined, write: () => Promise<T>) {
  try {
    return await write();
  } catch (error) {
    const pg = pgError(error);
    if (pg?.code === "23505" && pg.constraint === "products_sku_uq") {
      throw problems.conflict("sku-taken", `Another product already has the SKU "${sku}".`);
    }
    throw error;
  }
}
