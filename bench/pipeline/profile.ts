// Where the time goes: every SQL statement of this process timed and grouped (by pg's
// Client.query, which drizzle, withTenant and pg-boss all go through), the pipeline's ports
// timed, and CPU time of this process, the sandbox and the PostgreSQL processes.
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import pg from "pg";

export interface StatementStats {
  calls: number;
  ms: number;
}

const statements = new Map<string, StatementStats>();
let recording = false;

const shapes = new Map<string, string>();

/** A statement's group: its text with tenant schemas, literals and whitespace folded. */
function shape(text: string): string {
  const known = shapes.get(text);
  if (known !== undefined) return known;
  const folded = fold(text);
  if (shapes.size < 10_000) shapes.set(text, folded);
  return folded;
}

function fold(text: string): string {
  return text
    .replace(/tenant_\d+/g, "tenant_N")
    .replace(/\bWHERE t\.id = \d+/g, "WHERE t.id = N")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 110);
}

function record(text: string, ms: number) {
  if (!recording) return;
  const key = shape(text);
  const entry = statements.get(key) ?? { calls: 0, ms: 0 };
  entry.calls += 1;
  entry.ms += ms;
  statements.set(key, entry);
}

type Query = (...args: unknown[]) => unknown;

/** Wraps pg.Client.prototype.query once; times from the call to the answer (queueing included). */
export function installQueryProfiler(): void {
  const proto = pg.Client.prototype as unknown as { query: Query; __benchWrapped?: boolean };
  if (proto.__benchWrapped) return;
  proto.__benchWrapped = true;
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config] = args;
    const text =
      typeof config === "string"
        ? config
        : (config as { text?: string; submit?: unknown } | undefined)?.text;
    if (!text || !recording) return original.apply(this, args);
    const start = performance.now();
    const done = () => record(text, performance.now() - start);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, result: unknown) => {
        done();
        callback(error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown>;
    if (result && typeof result.then === "function") result.then(done, done);
    return result;
  };
}

export function startStatements(): void {
  statements.clear();
  recording = true;
}

export function stopStatements(): Map<string, StatementStats> {
  recording = false;
  return new Map(statements);
}

/** Times an async function, summing into `into[name]`. */
export function timed<A extends unknown[], R>(
  into: Record<string, StatementStats>,
  name: string,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const start = performance.now();
    try {
      return await fn(...args);
    } finally {
      const entry = into[name] ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - start;
      into[name] = entry;
    }
  };
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** utime + stime of one process, in ms (0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid)
        pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** CPU ms used by a process (and, for the postmaster, its children) between two readings. */
export function cpuMeter(
  pids: ({ name: string; pid: number; tree?: boolean } | { name: string; pids: number[] })[],
) {
  const read = () =>
    pids.map((entry) => {
      const all =
        "pids" in entry
          ? entry.pids
          : entry.tree
            ? [entry.pid, ...childrenOf(entry.pid)]
            : [entry.pid];
      return { name: entry.name, byPid: new Map(all.map((p) => [p, cpuOf(p)])) };
    });
  const before = read();
  return (): Record<string, number> => {
    const after = read();
    const result: Record<string, number> = {};
    for (const [i, { name, byPid }] of after.entries()) {
      let ms = 0;
      for (const [pid, now] of byPid) ms += now - (before[i]?.byPid.get(pid) ?? 0);
      result[name] = ms;
    }
    return result;
  };
}

/** Load average, to say how busy the shared machine was. */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}
