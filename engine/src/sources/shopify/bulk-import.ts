// The full catalog through a bulk query operation, as resumable pages:
//   {}                          -> start the operation (or adopt ours if one is running)
//   {bulkId}                    -> poll until it completes, then learn the file's URL
//   {bulkId, url, offset}       -> stream the JSONL from `offset` (an HTTP Range request),
//                                  read one page of products line by line, stop, and say
//                                  where the next page starts.
// The file is never loaded whole: lines are parsed as they arrive and the download is cut
// once the page is full. A child line (variant, media) follows its parent with __parentId.

import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { ImportCursor, ImportPage, SourceProduct } from "../source.ts";
import { SourceError } from "../source.ts";
import type { ShopifyClient } from "./client.ts";
import { BULK_BY_ID, BULK_PRODUCTS, CURRENT_BULK, RUN_BULK } from "./queries.ts";
import { type GqlMedia, type GqlProduct, type GqlVariant, toSourceProduct } from "./to-product.ts";

export const BULK_PAGE_SIZE = 250;

export interface BulkCursor {
  bulkId?: string;
  url?: string;
  offset?: number;
  total?: number;
}

interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  url: string | null;
  query: string;
}

export interface BulkOptions {
  /** Between two status polls (Shopify suggests polling, or the bulk_operations/finish hook). */
  pollIntervalMs: number;
  /** How long one readPage call polls before handing back its cursor (a heartbeat). */
  pollBudgetMs: number;
  pageSize?: number;
}

async function startBulk(client: ShopifyClient, signal?: AbortSignal): Promise<string> {
  const data = await client.request<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string } | null;
      userErrors: { message: string; code: string | null }[];
    };
  }>(RUN_BULK, { query: BULK_PRODUCTS }, signal);
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (bulkOperation) return bulkOperation.id;
  if (userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS")) {
    // Ours from a run that crashed after starting it: adopt it. Someone else's: wait for it.
    const { currentBulkOperation: current } = await client.request<{
      currentBulkOperation: BulkOperation | null;
    }>(CURRENT_BULK, {}, signal);
    if (current && current.query.replace(/\s+/g, "") === BULK_PRODUCTS.replace(/\s+/g, ""))
      return current.id;
    throw new SourceError(
      "Another bulk operation is running on this Shopify shop; trying again shortly.",
      {
        kind: "retryable",
        retryAfterSeconds: 10,
      },
    );
  }
  throw new SourceError(
    `Shopify refused the catalog export: ${userErrors.map((e) => e.message).join("; ")}`,
    {
      kind: "permanent",
    },
  );
}

/** Polls the operation; its state when it completed, or undefined when the budget ran out. */
async function waitForBulk(
  client: ShopifyClient,
  id: string,
  options: BulkOptions,
  signal?: AbortSignal,
) {
  const until = Date.now() + options.pollBudgetMs;
  for (;;) {
    const { node } = await client.request<{ node: BulkOperation | null }>(
      BULK_BY_ID,
      { id },
      signal,
    );
    if (!node)
      throw new SourceError("Shopify lost the catalog export; starting again.", {
        kind: "retryable",
      });
    if (node.status === "COMPLETED") return node;
    if (["FAILED", "CANCELED", "EXPIRED"].includes(node.status)) {
      throw new SourceError(
        `Shopify's catalog export ended ${node.status.toLowerCase()} (${node.errorCode ?? "no reason given"}).`,
        {
          kind: "retryable",
        },
      );
    }
    if (Date.now() >= until) return undefined;
    await sleep(options.pollIntervalMs, undefined, { signal });
  }
}

interface Pending {
  node: GqlProduct;
  variants: GqlVariant[];
  media: GqlMedia[];
}

/** One page of products from the JSONL at `url`, starting at byte `offset`. */
export async function readBulkPage(
  url: string,
  offset: number,
  pageSize: number,
  signal?: AbortSignal,
): Promise<{
  products: SourceProduct[];
  failures: { ref: string; message: string }[];
  next: number | null;
}> {
  const abort = new AbortController();
  const both = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      signal: both,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new SourceError("The catalog export could not be downloaded; trying again.", {
      kind: "retryable",
    });
  }
  if (response.status === 403 || response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    throw new ExpiredExport();
  }
  if (response.status === 416) return { products: [], failures: [], next: null };
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new SourceError(`The catalog export answered ${response.status}; trying again.`, {
      kind: "retryable",
      status: response.status,
    });
  }
  // A server that ignores Range sends the whole file: skip what earlier pages read.
  let position = response.status === 206 ? offset : 0;
  const products: SourceProduct[] = [];
  const failures: { ref: string; message: string }[] = [];
  let current: Pending | undefined;
  let next: number | null = null;
  const flush = () => {
    if (!current) return;
    try {
      products.push(toSourceProduct(current.node, current.variants, current.media));
    } catch (error) {
      failures.push({ ref: current.node.id, message: (error as Error).message });
    }
    current = undefined;
  };
  // The file's size, to tell its real end from a download that broke off.
  const range = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const size = range ? Number(range[1]) : response.status === 206 ? offset + length : length;
  const input = Readable.fromWeb(response.body as never);
  let broken: Error | undefined;
  input.on("error", (error) => {
    broken ??= error;
  });
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      const start = position;
      position += Buffer.byteLength(line, "utf8") + 1;
      if (start < offset || line.length === 0) continue;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line);
      } catch {
        // A cut line: the download broke; the page is read again from its start.
        throw new SourceError("The catalog export arrived truncated; trying again.", {
          kind: "retryable",
        });
      }
      const parent = row.__parentId;
      if (typeof parent !== "string") {
        flush(); // a new root line: the previous product has all its children
        if (products.length + failures.length >= pageSize) {
          next = start;
          break;
        }
        current = { node: row as unknown as GqlProduct, variants: [], media: [] };
      } else if (current && parent === current.node.id) {
        if (typeof row.id === "string" && row.id.includes("/ProductVariant/"))
          current.variants.push(row as unknown as GqlVariant);
        else current.media.push(row as GqlMedia);
      }
    }
  } catch (error) {
    if (error instanceof SourceError || signal?.aborted) throw error;
    throw new SourceError("The catalog export download broke off; trying again.", {
      kind: "retryable",
    });
  } finally {
    lines.close();
    abort.abort(); // stop the download: the rest is the next page's
    input.destroy();
  }
  if (next === null) {
    if (broken || (Number.isFinite(size) && position < size)) {
      throw new SourceError("The catalog export download broke off; trying again.", {
        kind: "retryable",
      });
    }
    flush();
  }
  return { products, failures, next };
}

/** The result file is gone (URLs last a week): the export starts over. */
class ExpiredExport extends Error {}

export async function readFullPage(
  client: ShopifyClient,
  cursor: ImportCursor,
  options: BulkOptions,
  signal?: AbortSignal,
): Promise<ImportPage> {
  const c = cursor as BulkCursor;
  if (!c.bulkId) {
    const bulkId = await startBulk(client, signal);
    return { products: [], failures: [], next: { bulkId } };
  }
  if (!c.url) {
    const done = await waitForBulk(client, c.bulkId, options, signal);
    if (!done) return { products: [], failures: [], next: { bulkId: c.bulkId } };
    const total = Number(done.rootObjectCount);
    if (!done.url) return { products: [], failures: [], next: null, total }; // an empty shop
    return {
      products: [],
      failures: [],
      next: { bulkId: c.bulkId, url: done.url, offset: 0, total },
      total,
    };
  }
  try {
    const page = await readBulkPage(
      c.url,
      c.offset ?? 0,
      options.pageSize ?? BULK_PAGE_SIZE,
      signal,
    );
    return {
      products: page.products,
      failures: page.failures,
      next: page.next === null ? null : { ...c, offset: page.next },
      ...(c.total !== undefined ? { total: c.total } : {}),
    };
  } catch (error) {
    if (error instanceof ExpiredExport) return { products: [], failures: [], next: {} };
    throw error;
  }
}
