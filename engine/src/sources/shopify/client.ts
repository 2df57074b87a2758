// Admin GraphQL over fetch, pinned to one API version. Paces itself by the cost bucket the
// shop reports (waits, never sends a query the bucket cannot pay for), waits out THROTTLED
// answers by the restore rate they report, and turns HTTP failures into SourceErrors the
// shared retry policy acts on.

import { retrying } from "../retry.ts";
import { SourceError } from "../source.ts";
import { bucketFor, type ShopBucket, type ThrottleStatus } from "./throttle.ts";

/** The Admin API version Stoflow speaks; Shopify supports each for a year: move it yearly. */
export const SHOPIFY_API_VERSION = "2026-07";

const TIMEOUT_MS = 30_000;
const FIRST_GUESS_COST = 50;
const MAX_THROTTLED_WAITS = 20;

export interface ShopifyClientOptions {
  shop: string; // xxx.myshopify.com
  accessToken: string;
  /** Where the shop's Admin API lives; `https://<shop>` unless a sandbox stands in. */
  baseUrl: string;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

function httpError(status: number, retryAfter: string | null): SourceError {
  if (status === 401 || status === 403) {
    return new SourceError(
      "Shopify refused Stoflow's access token: reinstall or reopen the Stoflow app in your Shopify admin.",
      { kind: "auth", status },
    );
  }
  if (status === 402) {
    return new SourceError("The Shopify shop is frozen (unpaid plan): Stoflow cannot read it.", {
      kind: "permanent",
      status,
    });
  }
  if (status === 404) {
    return new SourceError("This Shopify shop no longer exists.", { kind: "auth", status });
  }
  if (status === 423) {
    return new SourceError("The Shopify shop is locked.", { kind: "permanent", status });
  }
  if (status === 429 || status >= 500) {
    const seconds = retryAfter === null ? undefined : Number.parseFloat(retryAfter);
    return new SourceError(`Shopify answered ${status}; trying again shortly.`, {
      kind: "retryable",
      status,
      ...(seconds !== undefined && Number.isFinite(seconds) ? { retryAfterSeconds: seconds } : {}),
    });
  }
  return new SourceError(`Shopify answered ${status}.`, { kind: "permanent", status });
}

export class ShopifyClient {
  readonly endpoint: string;
  readonly bucket: ShopBucket;
  private readonly token: string;
  /** Last requested cost per query text: what to reserve before sending it again. */
  private readonly costs = new Map<string, number>();

  constructor(options: ShopifyClientOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, "")}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
    this.token = options.accessToken;
    this.bucket = bucketFor(this.endpoint);
  }

  /** Runs a query or mutation; retries what is retryable (5xx, 429, network) with backoff. */
  request<T>(
    query: string,
    variables: Record<string, unknown> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    return retrying(() => this.once<T>(query, variables, signal), { signal });
  }

  private async once<T>(
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T> {
    for (let waits = 0; ; waits++) {
      const cost = this.costs.get(query) ?? FIRST_GUESS_COST;
      const release = await this.bucket.reserve(cost, signal);
      let answer: GraphQLAnswer<T>;
      try {
        answer = await this.post<T>(query, variables, signal);
      } finally {
        release();
      }
      const reported = answer.extensions?.cost;
      if (reported?.throttleStatus) this.bucket.observe(reported.throttleStatus);
      if (typeof reported?.requestedQueryCost === "number")
        this.costs.set(query, reported.requestedQueryCost);
      const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
      if (codes.includes("THROTTLED") && reported?.throttleStatus && waits < MAX_THROTTLED_WAITS) {
        // The answer's cost, or what this query cost before if that is more.
        const needed = Math.max(reported.requestedQueryCost ?? 0, cost);
        await this.bucket.waitAfterThrottled(needed, reported.throttleStatus, signal);
        continue;
      }
      if (answer.errors?.length) {
        const messages = answer.errors.map((e) => e.message).join("; ");
        const retryable = codes.some((c) => c === "THROTTLED" || c === "INTERNAL_SERVER_ERROR");
        throw new SourceError(`Shopify refused a request: ${messages}`, {
          kind: retryable ? "retryable" : "permanent",
        });
      }
      if (!answer.data)
        throw new SourceError("Shopify answered without data.", { kind: "retryable" });
      return answer.data;
    }
  }

  private async post<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal) {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-shopify-access-token": this.token,
        },
        body: JSON.stringify({ query, variables }),
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])
          : AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new SourceError("Shopify could not be reached; trying again shortly.", {
        kind: "retryable",
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpError(response.status, response.headers.get("retry-after"));
    }
    try {
      return (await response.json()) as GraphQLAnswer<T>;
    } catch {
      throw new SourceError("Shopify sent a truncated answer; trying again.", {
        kind: "retryable",
      });
    }
  }
}

/** The numeric id at the end of a Shopify GID (`gid://shopify/Product/123` -> "123"). */
export function idOf(gidOrId: string | number): string {
  const text = String(gidOrId);
  const at = text.lastIndexOf("/");
  return (at >= 0 ? text.slice(at + 1) : text).split("?")[0] as string;
}

export const gidOf = (type: string, id: string | number) => `gid://shopify/${type}/${idOf(id)}`;
