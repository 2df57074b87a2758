// Relay connections as Shopify pages them: `first`/`last` required outside bulk operations
// (at most 250), opaque cursors, `edges` and `nodes` both available.

import { GraphQLError } from "graphql";

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export interface ResolveContext {
  /** Inside a bulk operation: connections return every item, no page size needed. */
  bulk: boolean;
}

const MAX_PAGE = 250;

export const encodeCursor = (key: unknown[]) =>
  Buffer.from(JSON.stringify({ k: key })).toString("base64url");

function decodeCursor(cursor: string, argument: string): unknown[] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value?.k)) return value.k;
  } catch {
    // answered below like Shopify answers a cursor it did not issue
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort in ${argument}.`, {
    extensions: { code: "BAD_REQUEST" },
  });
}

/** Compares sort keys ([value, id]) the way the list is sorted. */
function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * One page of `items` (already sorted by `keyOf`), mapped through `view`. Ascending keys are
 * assumed; a reversed list passes `descending`.
 */
export function connection<T, V>(
  items: readonly T[],
  args: PageArgs,
  context: ResolveContext,
  keyOf: (item: T) => unknown[],
  view: (item: T) => V,
  descending = false,
) {
  const { first, last, after, before } = args;
  if (!context.bulk) {
    if (first == null && last == null) {
      throw new GraphQLError("you must provide one of first or last", {
        extensions: { code: "BAD_REQUEST" },
      });
    }
    for (const [name, n] of [
      ["first", first],
      ["last", last],
    ] as const) {
      if (n != null && (n < 0 || n > MAX_PAGE)) {
        throw new GraphQLError(`The value of ${name} must be between 0 and ${MAX_PAGE}.`, {
          extensions: { code: "BAD_REQUEST" },
        });
      }
    }
  }
  const sign = descending ? -1 : 1;
  let list = items as T[];
  if (after) {
    const key = decodeCursor(after, "after");
    list = list.filter((item) => sign * compareKeys(keyOf(item), key) > 0);
  }
  if (before) {
    const key = decodeCursor(before, "before");
    list = list.filter((item) => sign * compareKeys(keyOf(item), key) < 0);
  }
  const total = list.length;
  if (first != null) list = list.slice(0, first);
  if (last != null) list = list.slice(Math.max(0, list.length - last));
  const edges = list.map((item) => ({ cursor: encodeCursor(keyOf(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: first != null ? total > list.length : Boolean(before),
      hasPreviousPage: last != null ? total > list.length : Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
