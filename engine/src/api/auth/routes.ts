import { getTenant } from "@stoflow/db";
import { z } from "zod";
import { login } from "../../accounts/login.ts";
import { loadMembership, openSession } from "../../accounts/session.ts";
import { signup } from "../../accounts/signup.ts";
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "../../auth/access-tokens.ts";
import { revokeByToken, rotateRefreshToken } from "../../auth/refresh-tokens.ts";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { Email, Locale, Password, Role, Session, Tenant, User } from "../shared-schemas.ts";

const RefreshToken = z.string().min(10).max(200);
const Tokens = z
  .object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int() })
  .meta({ id: "Tokens" });

export function authOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "post",
      path: "/api/v1/auth/signup",
      operationId: "signup",
      summary: "Create a shop and its owner account",
      tags: ["auth"],
      auth: "none",
      body: z.strictObject({
        email: Email,
        password: Password,
        shopName: z.string().trim().min(1).max(120),
        locale: Locale.optional(),
      }),
      responses: {
        201: { description: "Signed up and signed in", schema: Session },
        409: { description: "E-mail already used" },
      },
      handler: async ({ body, req }) => {
        const member = await signup(ctx, body);
        const session = await openSession(ctx, { ...member, role: "owner" }, req.get("user-agent"));
        return { status: 201, body: session };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/auth/login",
      operationId: "login",
      summary: "Sign in with e-mail and password",
      tags: ["auth"],
      auth: "none",
      body: z.strictObject({
        email: Email,
        password: z.string().min(1).max(256),
        tenantId: z.number().int().positive().optional(),
      }),
      responses: {
        200: { description: "Signed in", schema: Session },
        429: { description: "Too many failed attempts; see Retry-After" },
      },
      handler: async ({ body, req }) => {
        const member = await login(ctx, body, req.ip ?? "unknown");
        return { body: await openSession(ctx, member, req.get("user-agent")) };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/auth/refresh",
      operationId: "refresh",
      summary: "Trade a refresh token for new tokens (the old one is spent)",
      tags: ["auth"],
      auth: "none",
      body: z.strictObject({ refreshToken: RefreshToken }),
      responses: { 200: { description: "New tokens", schema: Tokens } },
      handler: async ({ body, req }) => {
        const rotated = await rotateRefreshToken(db, body.refreshToken, req.get("user-agent"));
        const { role } = await loadMembership(ctx, rotated.userId, rotated.tenantId);
        const accessToken = await signAccessToken(ctx.keys.jwt, { ...rotated, role });
        return {
          body: {
            accessToken,
            refreshToken: rotated.refreshToken,
            expiresIn: ACCESS_TOKEN_TTL_SECONDS,
          },
        };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/auth/logout",
      operationId: "logout",
      summary: "End the session a refresh token belongs to",
      tags: ["auth"],
      auth: "none",
      body: z.strictObject({ refreshToken: RefreshToken }),
      responses: { 204: { description: "Signed out" } },
      handler: async ({ body }) => {
        await revokeByToken(db, body.refreshToken);
        return { status: 204 };
      },
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/me",
      operationId: "me",
      summary: "The signed-in user, their shop and role",
      tags: ["auth"],
      auth: "tenant",
      responses: {
        200: {
          description: "Current identity",
          schema: z
            .object({
              user: User.nullable(),
              tenant: Tenant,
              role: Role,
              via: z.enum(["user", "api_key"]),
            })
            .meta({ id: "Me" }),
        },
      },
      handler: async ({ auth }) => {
        if (auth.kind === "user") {
          const profile = await loadMembership(ctx, auth.userId, auth.tenantId);
          return { body: { ...profile, via: "user" } };
        }
        const tenant = await getTenant(ctx.database.pool, auth.tenantId);
        return {
          body: {
            user: null,
            tenant: { id: auth.tenantId, name: tenant?.name ?? "", locale: tenant?.locale ?? "fr" },
            role: auth.role,
            via: "api_key",
          },
        };
      },
    }),
  ];
}
