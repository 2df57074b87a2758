import { readdirSync, readFileSync } from "node:fs";

function field(text: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/** The postmaster and its direct children (backends, checkpointer, walwriter, ...). */
function processTree(postmasterPid: number): number[] {
  const pids = [postmasterPid];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmasterPid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS: shared memory (shared_buffers) is counted once per process. */
  rss: number;
  /** Sum of VmHWM (each process's own peak RSS), same double counting. */
  hwm: number;
  /** Sum of Pss: shared pages split between the processes sharing them. */
  pss: number;
}

export function treeMemory(postmasterPid: number): TreeMemory {
  const total: TreeMemory = { processes: 0, rss: 0, hwm: 0, pss: 0 };
  for (const pid of processTree(postmasterPid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      total.processes += 1;
      total.rss += field(status, "VmRSS");
      total.hwm += field(status, "VmHWM");
      total.pss += field(rollup, "Pss");
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Samples the tree every `everyMs` and keeps the peak of each sum. */
export function sampleTreePeak(postmasterPid: number, everyMs = 250) {
  const peak: TreeMemory = { processes: 0, rss: 0, hwm: 0, pss: 0 };
  const sample = () => {
    const now = treeMemory(postmasterPid);
    for (const key of Object.keys(peak) as (keyof TreeMemory)[]) {
      peak[key] = Math.max(peak[key], now[key]);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop(): TreeMemory {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
