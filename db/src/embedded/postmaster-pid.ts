import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface PostmasterInfo {
  pid: number;
  port: number;
  /** The Unix socket directory, when the server listens on one. */
  socketDir: string | undefined;
  status: string;
}

/** postmaster.pid lines: pid, data dir, start time, port, socket dir, listen address, shm key, status. */
export function readPostmasterPid(pgdata: string): PostmasterInfo | undefined {
  let text: string;
  try {
    text = readFileSync(join(pgdata, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  return {
    pid: Number(lines[0]),
    port: Number(lines[3]),
    socketDir: lines[4]?.trim() || undefined,
    status: (lines[7] ?? "").trim(),
  };
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // A killed child not yet reaped still answers kill(0): a zombie is not alive.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

/** True when `pid` is a postgres server running on `pgdata` (not a recycled pid). */
export function isPostmasterOf(pid: number, pgdata: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline[0]?.endsWith("postgres") === true && cmdline.includes(pgdata);
  } catch {
    return false;
  }
}

export function removeStalePid(pgdata: string): void {
  rmSync(join(pgdata, "postmaster.pid"), { force: true });
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}
