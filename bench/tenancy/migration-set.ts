import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

/**
 * Copies a drizzle-kit migration folder to `outDir` and appends one migration per column,
 * each `ALTER TABLE products ADD COLUMN <column> text;`, as drizzle-kit would have written it.
 */
export function migrationSetWithColumns(baseDir: string, outDir: string, columns: string[]) {
  cpSync(baseDir, outDir, { recursive: true });
  const journalPath = join(outDir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] };
  for (const column of columns) {
    const last = journal.entries.at(-1);
    const idx = (last?.idx ?? -1) + 1;
    const tag = `${String(idx).padStart(4, "0")}_${column}`;
    writeFileSync(join(outDir, `${tag}.sql`), `ALTER TABLE products ADD COLUMN ${column} text;\n`);
    journal.entries.push({
      idx,
      version: last?.version ?? "7",
      when: Date.now(),
      tag,
      breakpoints: true,
    });
  }
  writeFileSync(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
  return outDir;
}
