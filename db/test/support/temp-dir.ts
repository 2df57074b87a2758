import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  path: string;
  remove(): void;
}

/** A fresh directory under os.tmpdir(), readable by the `postgres` user when tests run as root. */
export function tempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `stoflow-${prefix}-`));
  chmodSync(path, 0o755);
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
