import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Migration {
  idx: number;
  tag: string;
  sql: string;
  hash: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));
export const defaultDirs = {
  control: join(MIGRATIONS_DIR, "control"),
  tenant: join(MIGRATIONS_DIR, "tenant"),
};

interface Journal {
  entries: { idx: number; tag: string }[];
}

const cache = new Map<string, Migration[]>();

/** Reads a drizzle-kit migration folder (meta/_journal.json + one .sql per entry), in order. */
export function loadMigrations(dir: string): Migration[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8")) as Journal;
  const migrations = journal.entries
    .toSorted((a, b) => a.idx - b.idx)
    .map(({ idx, tag }) => {
      const sql = readFileSync(join(dir, `${tag}.sql`), "utf8");
      const normalised = sql.replaceAll("\r\n", "\n"); // same hash on any checkout
      return { idx, tag, sql, hash: createHash("sha256").update(normalised).digest("hex") };
    });
  cache.set(dir, migrations);
  return migrations;
}
