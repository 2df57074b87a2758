// The workers: fetch listing jobs in batches, run each, and tell pg-boss what became of it.
import type { Job, JobResult, PgBoss } from "pg-boss";
import type { ListingAction } from "../listings/lifecycle.ts";
import type { Requester } from "../listings/requests.ts";
import { handleDeadLetter } from "./dead-letters.ts";
import { type PollJob, runPoll, sendPoll, sweepSalesPolls } from "./poll-sales.ts";
import {
  ACTION_QUEUES,
  type ActionJob,
  DEAD_LETTER_QUEUE,
  POLL_SALES_QUEUE,
  POLL_SWEEP_QUEUE,
  sendAction,
} from "./queues.ts";
import { type ActionResult, type ActionRuntime, runAction } from "./run-action.ts";
import { runPublishBatch } from "./run-batch.ts";

/** What pg-boss is told of a job's result; a rescheduled job is sent again, same key, later. */
async function jobResult(boss: PgBoss, job: Job<ActionJob>, result: ActionResult) {
  if (result.kind === "failed")
    return { id: job.id, status: "failed", output: { message: result.message } } as const;
  if (result.kind === "reschedule") {
    // The job waits (pause, pacing), it is not burned. A crash before the completion below
    // leaves the old job to expire and run again, which the state guards.
    await sendAction(boss, job.data, { startAfter: result.at });
    return {
      id: job.id,
      status: "completed",
      output: { rescheduled: result.at, reason: result.reason },
    } as const;
  }
  return { id: job.id, status: "completed", output: { outcome: result.outcome } } as const;
}

/** One job: its batch result when the batch took it, else run one by one. */
async function handle(
  boss: PgBoss,
  rt: ActionRuntime,
  job: Job<ActionJob>,
  batched?: ActionResult,
): Promise<JobResult> {
  try {
    return await jobResult(
      boss,
      job,
      batched ?? (await runAction(rt, job.data, job.retryCount + 1)),
    );
  } catch (error) {
    rt.log.error({ err: error, jobId: job.id }, "Listing job crashed");
    return { id: job.id, status: "failed", output: { message: "internal error" } };
  }
}

/** A batch: first attempts of publishes set-based (run-batch.ts), the others one by one. */
async function handleBatch(
  boss: PgBoss,
  rt: ActionRuntime,
  jobs: Job<ActionJob>[],
): Promise<JobResult[]> {
  let batched: (ActionResult | undefined)[] = [];
  try {
    batched = await runPublishBatch(
      rt,
      jobs.map((job) => ({ job: job.data, attempt: job.retryCount + 1 })),
    );
  } catch (error) {
    // A job moved before the failure is in progress: runAction reconciles it before posting.
    rt.log.error({ err: error }, "Listing batch crashed; its jobs run one by one");
  }
  return Promise.all(jobs.map((job, i) => handle(boss, rt, job, batched[i])));
}

async function handlePoll(boss: PgBoss, rt: ActionRuntime, job: Job<PollJob>): Promise<JobResult> {
  const requester: Requester = {
    db: rt.db,
    boss,
    payloads: rt.payloads,
    payloadsMany: rt.payloadsMany,
  };
  try {
    const result = await runPoll(rt, requester, job.data, job.retryCount + 1);
    if (result.kind === "failed")
      return { id: job.id, status: "failed", output: { message: result.message } };
    if (result.kind === "reschedule") {
      // Same account key, later: a paused or unpaced account is polled when it may act again,
      // from where this run stopped.
      const data = result.cursor ? { ...job.data, cursor: result.cursor } : job.data;
      await sendPoll(boss, data, { startAfter: result.at });
      return {
        id: job.id,
        status: "completed",
        output: { rescheduled: result.at, reason: result.reason, sold: result.sold },
      };
    }
    return { id: job.id, status: "completed", output: result };
  } catch (error) {
    rt.log.error({ err: error, jobId: job.id }, "Sales poll crashed");
    return { id: job.id, status: "failed", output: { message: "internal error" } };
  }
}

/** Starts one worker per action queue; pg-boss stops them with `boss.stop()`. */
export async function startWorkers(boss: PgBoss, rt: ActionRuntime): Promise<void> {
  await boss.work<PollJob>(
    POLL_SALES_QUEUE,
    {
      batchSize: rt.settings.batchSize,
      pollingIntervalSeconds: rt.settings.pollingIntervalSeconds,
      perJobResults: true,
    },
    (jobs) => Promise.all(jobs.map((job) => handlePoll(boss, rt, job))),
  );
  await boss.work(
    POLL_SWEEP_QUEUE,
    { pollingIntervalSeconds: rt.settings.pollingIntervalSeconds },
    async () => {
      const queued = await sweepSalesPolls(boss, rt.db);
      rt.log.debug({ queued }, "Sales polls queued");
    },
  );
  await boss.work(
    DEAD_LETTER_QUEUE,
    { pollingIntervalSeconds: rt.settings.pollingIntervalSeconds, batchSize: 8 },
    (jobs) => Promise.all(jobs.map((job) => handleDeadLetter(rt, job))),
  );
  if (rt.settings.salesPollCron) await boss.schedule(POLL_SWEEP_QUEUE, rt.settings.salesPollCron);
  else await boss.unschedule(POLL_SWEEP_QUEUE);
  for (const action of Object.keys(ACTION_QUEUES) as ListingAction[]) {
    await boss.work<ActionJob>(
      ACTION_QUEUES[action],
      {
        batchSize: rt.settings.batchSize,
        pollingIntervalSeconds: rt.settings.pollingIntervalSeconds,
        // A job sent for later (retry, pacing) wakes nobody when due: keep polling as often.
        notifyPollingIntervalSeconds: rt.settings.pollingIntervalSeconds,
        // A full batch means more are waiting: fetch again at once instead of after the
        // polling interval (without it a worker runs at most batchSize jobs per interval).
        burstWhenBatchFull: true,
        perJobResults: true,
        localConcurrency: rt.settings.concurrency,
      },
      (jobs) => handleBatch(boss, rt, jobs),
    );
  }
}
