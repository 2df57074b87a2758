// An import run's progress as the API, the SSE stream and the CLI show it: counts from the
// run row, the rate since the run (re)started in its current process, and the time left.
import type { tenant } from "@stoflow/db";

export type ImportRunRow = typeof tenant.importRuns.$inferSelect;

/** The run row's cursor column: the provider's page cursor and the runner's own marks. */
export interface RunCursor {
  page: Record<string, unknown>;
  /** incremental: the change time the run reads from. */
  since?: string;
  /** Re-imports even unchanged products (after a mapping edit). */
  force?: boolean;
  /** When this process took the run over, and how many were done then (for the rate). */
  resumedAt?: string;
  doneAtResume?: number;
  resumes?: number;
}

export interface ImportProgress {
  runId: string;
  sourceId: string;
  kind: string;
  status: string;
  total: number | null;
  done: number;
  failed: number;
  /** Products per second since the run last (re)started. */
  rate: number;
  /** Seconds left at that rate; null when unknown. */
  etaSeconds: number | null;
  resumes: number;
  errors: { ref?: string; message: string }[];
  startedAt: string;
  updatedAt: string | null;
  finishedAt: string | null;
}

export function progressOf(run: ImportRunRow, now = new Date()): ImportProgress {
  const cursor = (run.cursor ?? {}) as RunCursor;
  const since = cursor.resumedAt ? new Date(cursor.resumedAt) : run.startedAt;
  const last = run.finishedAt ?? run.heartbeatAt ?? now;
  const seconds = Math.max(0.001, (last.getTime() - since.getTime()) / 1000);
  const processed = run.done + run.failed - (cursor.doneAtResume ?? 0);
  const rate = processed > 0 ? processed / seconds : 0;
  const left = run.total === null ? null : Math.max(0, run.total - run.done - run.failed);
  return {
    runId: run.id,
    sourceId: run.sourceId,
    kind: run.kind,
    status: run.status,
    total: run.total,
    done: run.done,
    failed: run.failed,
    rate: Math.round(rate * 10) / 10,
    etaSeconds:
      run.status !== "running" ? 0 : left === null || rate === 0 ? null : Math.ceil(left / rate),
    resumes: cursor.resumes ?? 0,
    errors: (run.errors as ImportProgress["errors"]).slice(-20),
    startedAt: run.startedAt.toISOString(),
    updatedAt: run.heartbeatAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
