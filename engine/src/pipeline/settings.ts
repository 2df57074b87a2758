/** Tunables of the pipeline; defaults suit Vinted, tests shrink them. */
export interface PipelineSettings {
  /** Attempts of one action on retryable errors (the first included). */
  attempts: number;
  /** First retry delay in seconds; doubled each retry, with jitter (pg-boss backoff). */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  /** A job a dead worker held is handed to another after this long. */
  jobExpirySeconds: number;
  /** Random spacing between two actions of one account. */
  minGapSeconds: number;
  maxGapSeconds: number;
  /** Growing pauses after a 403 (or a 429 without Retry-After), by cool-down level. */
  cooldownsSeconds: number[];
  /** How often a job of an account needing reconnection looks again. */
  reconnectRecheckSeconds: number;
  /** Jobs fetched at once and handled concurrently per queue by one process. */
  batchSize: number;
  /** Batches of one queue in flight at once per process (pg-boss localConcurrency). */
  concurrency: number;
  pollingIntervalSeconds: number;
  /** When every connected account's sales are polled (cron, pg-boss schedule); "" turns it off. */
  salesPollCron: string;
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  attempts: 3,
  retryDelaySeconds: 30,
  retryDelayMaxSeconds: 600,
  jobExpirySeconds: 180,
  minGapSeconds: 20,
  maxGapSeconds: 90,
  cooldownsSeconds: [3_600, 4 * 3_600, 24 * 3_600],
  reconnectRecheckSeconds: 900,
  batchSize: 32,
  concurrency: 2,
  pollingIntervalSeconds: 2,
  salesPollCron: "*/5 * * * *",
};
