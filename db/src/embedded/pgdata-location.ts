import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";

function traversableByOthers(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // not created yet: the parent decides
    }
    if (dirname(current) === current) return true;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data
 * directory. A project under a private home (/root is 0700) cannot host it, so the cluster
 * then lives under /var/lib/stoflow, keyed by the requested path so each project keeps its own.
 */
export function pgdataLocation(requested: string): { path: string; moved: boolean } {
  if (process.getuid?.() !== 0 || traversableByOthers(dirname(requested))) {
    return { path: requested, moved: false };
  }
  const key = createHash("sha256").update(requested).digest("hex").slice(0, 16);
  return { path: join("/var/lib/stoflow", key, "pgdata"), moved: true };
}
