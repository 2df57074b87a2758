import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { operations } from "../src/api/operations.ts";
import { expressPath } from "../src/http/mount.ts";
import type { Operation } from "../src/http/operation.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { snapshotDatabase } from "./support/snapshot.ts";

const HOSTILE = [
  "",
  "\u0000",
  "a\u0000b",
  "💥".repeat(300),
  "x".repeat(20_000),
  "' OR 1=1 --",
  "../../etc/passwd",
  "‮RTL",
  "<script>alert(1)</script>",
];

/** Keys of an object schema, so random values land on real fields, not only at the top. */
function keysOf(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as {
    properties?: object;
  };
  return Object.keys(json.properties ?? {});
}

function bodyArbitrary(schema: z.ZodType) {
  const keys = keysOf(schema);
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>(...HOSTILE, null));
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
    : fc.object();
  return fc.oneof(
    shaped,
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom<unknown>(null, [], "x", 42),
  );
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ""));
}

describe("bad input anywhere", () => {
  let engine: TestEngine;
  let owner: SignedUp;
  let ops: Operation[];
  beforeAll(async () => {
    engine = await startTestEngine();
    owner = await signUp(engine, "Fuzz shop");
    await setPlan(engine, owner.tenantId, "business");
    ops = operations(engine.ctx);
  });
  afterAll(() => engine.close());

  it("answers only 4xx problem+json and leaves the database unchanged", async () => {
    const before = await snapshotDatabase(engine.database.pool, owner.tenantId);
    let sent = 0;
    for (const op of ops) {
      const paramNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      if (!op.body && !op.query && paramNames.length === 0) continue; // nothing to get wrong
      const cases = fc.record({
        params: fc.record(
          Object.fromEntries(
            paramNames.map((n) => [
              n,
              fc.oneof(
                fc.string(),
                fc.constantFrom(...HOSTILE.slice(0, 4), "1; DROP TABLE products", "-1"),
              ),
            ]),
          ),
        ),
        body: op.body ? bodyArbitrary(op.body) : fc.constant(undefined),
        query: op.query
          ? fc.dictionary(
              fc.constantFrom(...keysOf(op.query), "unknown"),
              fc.oneof(fc.string(), fc.constantFrom(...HOSTILE)),
            )
          : fc.constant({}),
      });
      await fc.assert(
        fc.asyncProperty(cases, async ({ params, body, query }) => {
          const validParams = !op.params || op.params.safeParse(params).success;
          const validQuery = !op.query || op.query.safeParse(query).success;
          const validBody = !op.body || op.body.safeParse(body).success;
          // Only inputs the operation must refuse: anything else may legitimately succeed.
          const hasNul = JSON.stringify([params, body, query]).includes("\\u0000");
          fc.pre(!(validParams && validQuery && validBody) || hasNul);
          // An empty, "." or ".." segment (even as %2E) resolves to another route's URL.
          const unsendable = (v: string | undefined) => v === "" || v === "." || v === "..";
          if (paramNames.some((n) => unsendable((params as Record<string, string>)[n]))) return;
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const path =
            fill(op.path, params as Record<string, string>) + (search ? `?${search}` : "");
          const res = await request(engine, op.method.toUpperCase(), path, {
            token: op.auth === "tenant" ? owner.accessToken : undefined,
            ...(op.body ? { body } : {}),
          });
          sent++;
          expect(
            res.status,
            `${op.method} ${expressPath(op.path)} ${JSON.stringify(body)?.slice(0, 200)}`,
          ).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(res.headers.get("content-type")).toContain("application/problem+json");
        }),
        { numRuns: 25, maxSkipsPerRun: 1000 },
      );
    }
    expect(sent).toBeGreaterThan(ops.length);
    expect(await snapshotDatabase(engine.database.pool, owner.tenantId)).toEqual(before);
  });
});
