import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultDirs } from "../../src/index.ts";

export interface MigrationSet {
  controlDir: string;
  tenantDir: string;
}

/**
 * A copy of the repository's migrations under `root/<name>`. `loadMigrations` caches by
 * folder, so a set whose files differ from one already loaded must live in a new folder.
 */
export function copyMigrations(root: string, name = "migrations"): MigrationSet {
  const set = { controlDir: join(root, name, "control"), tenantDir: join(root, name, "tenant") };
  cpSync(defaultDirs.control, set.controlDir, { recursive: true });
  cpSync(defaultDirs.tenant, set.tenantDir, { recursive: true });
  return set;
}

interface Journal {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}

/** Appends a migration to a drizzle-kit folder (a journal entry plus its .sql file); returns its idx. */
export function addMigration(dir: string, name: string, sql: string): number {
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const last = journal.entries.at(-1);
  const idx = (last?.idx ?? -1) + 1;
  const tag = `${String(idx).padStart(4, "0")}_${name}`;
  journal.entries.push({ idx, version: "7", when: Date.now(), tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, `${tag}.sql`), sql);
  return idx;
}
