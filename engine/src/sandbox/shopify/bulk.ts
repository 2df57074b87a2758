// Bulk query operations: CREATED, then RUNNING while the JSONL file is written (objectCount
// grows), then COMPLETED with a signed download URL. Nested connections come out flattened,
// one object per line, children after their parent with `__parentId`, as Shopify writes them.

import { createHmac, timingSafeEqual } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  execute,
  type GraphQLSchema,
  getNamedType,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { gid, type ShopState } from "./state.ts";

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";

export interface BulkOperation {
  id: number;
  query: string;
  status: BulkStatus;
  createdAt: Date;
  completedAt: Date | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  file: string;
  errorCode: string | null;
}

type Row = Record<string, unknown>;

function isConnection(value: unknown): value is { edges?: { node: Row }[]; nodes?: Row[] } {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    ("edges" in value || "nodes" in value)
  );
}

const nodesOf = (page: { edges?: { node: Row }[]; nodes?: Row[] }): Row[] =>
  page.nodes ?? page.edges?.map((e) => e.node) ?? [];

/** A node's own line, then its children's lines (depth first), each child with `__parentId`. */
function* flatten(node: Row, parentId?: string): Generator<Row> {
  const own: Row = {};
  const children: Row[][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnection(value)) children.push(nodesOf(value));
    else own[key] = value;
  }
  if (parentId) own.__parentId = parentId;
  yield own;
  for (const list of children) {
    for (const child of list) yield* flatten(child, node.id as string);
  }
}

/** Shopify's limits: at least one connection, at most five, nested at most two deep. */
function checkShape(schema: GraphQLSchema, query: string): string | null {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch (error) {
    return (error as Error).message;
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return errors.map((e) => e.message).join("; ");
  const info = new TypeInfo(schema);
  let connections = 0;
  let depth = 0;
  let deepest = 0;
  visit(
    document,
    visitWithTypeInfo(info, {
      Field: {
        enter() {
          const type = info.getType();
          if (type && getNamedType(type).name.endsWith("Connection")) {
            connections++;
            depth++;
            deepest = Math.max(deepest, depth);
          }
        },
        leave() {
          const type = info.getType();
          if (type && getNamedType(type).name.endsWith("Connection")) depth--;
        },
      },
    }),
  );
  if (connections === 0) return "Bulk queries must contain at least one connection.";
  if (connections > 5) return "Bulk queries cannot contain more than 5 connections.";
  if (deepest > 3)
    return "Bulk queries cannot contain connections with a nesting depth greater than 2.";
  return null;
}

interface BulkDeps {
  state: ShopState;
  schema: GraphQLSchema;
  rootValue: () => unknown;
  dir: string;
  secret: string;
  baseUrl: () => string;
  onFinish: (op: BulkOperation) => void;
}

const stopped = (op: BulkOperation) => op.status === "CANCELED";

export class BulkOperations {
  readonly operations = new Map<number, BulkOperation>();
  private current: BulkOperation | undefined;
  /** Lines written per event-loop turn: slow enough that a client sees RUNNING. */
  linesPerTick = 2000;

  private readonly deps: BulkDeps;

  constructor(deps: BulkDeps) {
    this.deps = deps;
  }

  currentOperation(): BulkOperation | undefined {
    return this.current;
  }

  signature(id: number): string {
    return createHmac("sha256", this.deps.secret).update(`bulk:${id}`).digest("base64url");
  }

  verify(id: number, token: string): boolean {
    const expected = Buffer.from(this.signature(id));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  url(op: BulkOperation): string | null {
    if (op.status !== "COMPLETED" || op.objectCount === 0) return null;
    return `${this.deps.baseUrl()}/bulk-results/${op.id}.jsonl?token=${this.signature(op.id)}`;
  }

  start(query: string): { operation?: BulkOperation; error?: { message: string; code: string } } {
    if (this.current && (this.current.status === "CREATED" || this.current.status === "RUNNING")) {
      return {
        error: {
          code: "OPERATION_IN_PROGRESS",
          message: `A bulk query operation for this app and shop is already in progress: ${gid("BulkOperation", this.current.id)}.`,
        },
      };
    }
    const problem = checkShape(this.deps.schema, query);
    if (problem) return { error: { code: "INVALID", message: `Invalid bulk query: ${problem}` } };
    const id = this.deps.state.id();
    const op: BulkOperation = {
      id,
      query,
      status: "CREATED",
      createdAt: new Date(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      file: join(this.deps.dir, `${id}.jsonl`),
      errorCode: null,
    };
    this.operations.set(id, op);
    this.current = op;
    setImmediate(() => {
      this.run(op).catch(() => {
        op.status = "FAILED";
        op.errorCode = "INTERNAL_SERVER_ERROR";
        op.completedAt = new Date();
      });
    });
    return { operation: op };
  }

  cancel(op: BulkOperation): void {
    if (op.status === "CREATED" || op.status === "RUNNING") op.status = "CANCELED";
  }

  private async run(op: BulkOperation): Promise<void> {
    if (op.status === "CANCELED") return;
    op.status = "RUNNING";
    const result = await execute({
      schema: this.deps.schema,
      document: parse(op.query),
      rootValue: this.deps.rootValue(),
      contextValue: { bulk: true },
    });
    if (result.errors?.length || !result.data) throw new Error("bulk query failed");
    const out = createWriteStream(op.file);
    let bytes = 0;
    let sinceTick = 0;
    const write = async (line: string) => {
      bytes += Buffer.byteLength(line);
      if (!out.write(line))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      if (++sinceTick >= this.linesPerTick) {
        sinceTick = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    for (const root of Object.values(result.data)) {
      if (!isConnection(root)) continue;
      for (const node of nodesOf(root)) {
        if (stopped(op)) break;
        op.rootObjectCount++;
        for (const row of flatten(node)) {
          await write(`${JSON.stringify(row)}\n`);
          op.objectCount++;
        }
      }
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    if (stopped(op)) return;
    op.fileSize = bytes;
    op.status = "COMPLETED";
    op.completedAt = new Date();
    this.deps.onFinish(op);
  }

  async dispose(): Promise<void> {
    await rm(this.deps.dir, { recursive: true, force: true });
  }
}
