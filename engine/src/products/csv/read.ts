import { parse } from "csv-parse/sync";
import { problems } from "../../http/problem.ts";
import { READ_ONLY_COLUMNS, WRITABLE_COLUMNS, type WritableColumn } from "./columns.ts";

export const MAX_IMPORT_ROWS = 10_000;

export interface CsvTable {
  /** Per position: the writable column it fills, or null for a read-only one. */
  columns: (WritableColumn | null)[];
  /** Data records with their row number (the header is row 1). */
  records: { row: number; cells: string[] }[];
}

function readHeader(header: string[]): (WritableColumn | null)[] {
  const byName = new Map<string, WritableColumn | null>([
    ...WRITABLE_COLUMNS.map((c) => [c.toLowerCase(), c] as const),
    ...READ_ONLY_COLUMNS.map((c) => [c.toLowerCase(), null] as const),
  ]);
  const unknown = header.filter((h) => !byName.has(h.trim().toLowerCase()));
  if (unknown.length > 0) {
    throw problems.badRequest(
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.map((u) => `"${u}"`).join(", ")}. ` +
        `Known columns: ${[...WRITABLE_COLUMNS, ...READ_ONLY_COLUMNS].join(", ")}.`,
    );
  }
  const names = header.map((h) => h.trim().toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw problems.badRequest(`The column "${repeated}" appears twice.`);
  return names.map((n) => byName.get(n) ?? null);
}

/** Parses the file and checks its header; a file that cannot be read at all is a 400. */
export function readCsv(text: string): CsvTable {
  if (text.includes("\u0000")) throw problems.badRequest("The CSV contains a NUL character.");
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 200_000,
    });
  } catch (error) {
    throw problems.badRequest(`The CSV could not be read: ${(error as Error).message}`);
  }
  const [header, ...data] = rows;
  if (!header) throw problems.badRequest("The CSV is empty: a header row is expected.");
  if (data.length > MAX_IMPORT_ROWS) {
    throw problems.badRequest(`Import at most ${MAX_IMPORT_ROWS} rows at once; split the file.`);
  }
  return {
    columns: readHeader(header),
    records: data.map((cells, i) => ({ row: i + 2, cells })),
  };
}
