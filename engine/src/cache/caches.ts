import type pg from "pg";
import type { Answer } from "../http/mount.ts";
import type { Role } from "../http/operation.ts";
import type { Logger } from "../logger.ts";
import { ChangeFeed } from "./change-feed.ts";
import { TenantCache } from "./tenant-cache.ts";

/**
 * The in-process caches of the API (STOFLOW_LIST_CACHE_MB): answers of operations declared
 * cacheable (the product list) and the memberships their callers were found to have, both
 * per tenant, both emptied by the change triggers' notifications (tenant tables the list
 * reads; memberships). Used only while the feed listens (`feed.live`).
 *
 * Freshness: this process's own writes are seen at once (every non-GET request waits for
 * `feed.barrier()` before it answers); another process's, once its notification arrives,
 * normally within milliseconds of its commit.
 */
export interface Caches {
  feed: ChangeFeed;
  /** Answers of `cached` operations, per tenant, by operation and URL. */
  answers: TenantCache<Answer>;
  /** Role of a user in a tenant, as read by a tenant transaction's opening statement. */
  members: TenantCache<Role>;
  close(): Promise<void>;
}

export async function startCaches(pool: pg.Pool, maxBytes: number, log: Logger): Promise<Caches> {
  const feed = new ChangeFeed(pool.options, log);
  const answers = new TenantCache<Answer>(maxBytes, (answer) => answer.body.length + 100);
  const members = new TenantCache<Role>(Math.max(maxBytes / 16, 1024), () => 16);
  feed.onFlush(() => {
    answers.clear();
    members.clear();
  });
  feed.onChange((change) => {
    if (change.kind === "all") {
      answers.clear();
      members.clear();
      return;
    }
    answers.invalidate(change.tenantId); // a membership change may be a deleted shop too
    if (change.kind === "members") members.invalidate(change.tenantId);
  });
  await feed.start().catch((error: unknown) => {
    log.warn({ err: error }, "Cannot listen for changes yet: list cache off until it can");
  });
  return { feed, answers, members, close: () => feed.stop() };
}
