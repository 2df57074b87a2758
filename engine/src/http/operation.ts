import type { Tx } from "@stoflow/db";
import type { Request, Response } from "express";
import type { z } from "zod";

export type Role = "owner" | "admin" | "member";

/** Who is calling: a signed-in user of one tenant, or one tenant's API key. */
export type Auth =
  | { kind: "user"; userId: string; tenantId: number; role: Role }
  | { kind: "api_key"; apiKeyId: string; tenantId: number; role: Role };

/** A paired browser extension (`Bearer sfd_...`): it acts for its shop on its own operations. */
export interface DeviceAuth {
  kind: "device";
  deviceId: string;
  tenantId: number;
}

/** A WordPress site running the WooCommerce plugin (`Bearer sfs_...`): one shop, one source. */
export interface SiteAuth {
  kind: "site";
  siteId: string;
  tenantId: number;
  /** The catalog source the site's store became once its keys were approved. */
  sourceId: string | null;
}

/** none: public; tenant: users and API keys; device: paired extensions; site: plugin sites. */
export type AuthModeName = "none" | "tenant" | "device" | "site";

type AuthOf<M> = M extends "tenant"
  ? Auth
  : M extends "device"
    ? DeviceAuth
    : M extends "site"
      ? SiteAuth
      : Auth | undefined;

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** A body that is JSON text already (PostgreSQL built it): sent as is, not serialised again. */
  json?: string | Buffer;
  headers?: Record<string, string>;
}

interface Context<B, Q, P, A, T> {
  body: B;
  query: Q;
  params: P;
  auth: A;
  /** The tenant transaction of an operation with `tenantTransaction: true`. */
  tx: T;
  req: Request;
  res: Response;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One API operation: the route, its validation and its OpenAPI description come from the
 * same zod schemas. `auth: "tenant"` admits users and API keys; `roles` narrows further;
 * `auth: "device"` admits only paired extensions' device tokens.
 */
export interface Operation<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
  AuthMode extends AuthModeName = AuthModeName,
  InTx extends boolean = boolean,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string; // OpenAPI style: /api/v1/products/{id}
  operationId: string;
  summary: string;
  tags: string[];
  auth: AuthMode;
  roles?: Role[];
  /**
   * The handler's whole work is one `withTenant()` transaction, opened before it runs and handed
   * to it as `tx` (committed after it returns). A signed-in user's membership and role are read
   * by the statement that opens it (BEGIN, tenant and membership check, search path: one round
   * trip) instead of by a query of their own. Only with `auth: "tenant"`.
   */
  tenantTransaction?: InTx;
  /**
   * Marks a GET `tenantTransaction` operation whose 200 answer (`reply.json`) depends on nothing
   * but the URL and the tenant's products, product images and listings (the tables whose
   * changes the tenant migration "list_change_notify" announces): the answer is kept in the
   * process's cache (engine/src/cache), per tenant, by URL.
   */
  cached?: boolean;
  /** Requests whose body is not JSON (multipart, CSV) declare it here. */
  rawBody?: { contentType: string; schema: z.ZodType };
  body?: B;
  query?: Q;
  params?: P;
  responses: Record<number, ResponseSpec>;
  handler: (
    ctx: Context<Out<B>, Out<Q>, Out<P>, AuthOf<AuthMode>, InTx extends true ? Tx : undefined>,
  ) => Promise<Reply>;
}

export function defineOperation<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  AuthMode extends AuthModeName = "tenant",
  InTx extends boolean = false,
>(operation: Operation<B, Q, P, AuthMode, InTx>): Operation {
  return operation as unknown as Operation;
}
