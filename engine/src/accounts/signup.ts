import { control, provisionTenant } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { hashPassword } from "../auth/passwords.ts";
import type { EngineContext } from "../context.ts";
import { problems } from "../http/problem.ts";

export interface SignupInput {
  email: string;
  password: string;
  shopName: string;
  locale?: string;
}

export const DEFAULT_PLAN = "starter";

/** A new shop: tenant schema, owner account, membership and plan, in one transaction. */
export async function signup(ctx: EngineContext, input: SignupInput) {
  const { db, pool } = ctx.database;
  const taken = await db
    .select({ id: control.users.id })
    .from(control.users)
    .where(sql`lower(${control.users.email}) = ${input.email.toLowerCase()}`);
  if (taken.length > 0) {
    throw problems.conflict("email-taken", "An account already uses this e-mail; sign in instead.");
  }
  const passwordHash = await hashPassword(input.password);
  let userId = "";
  const locale = input.locale ?? "fr";
  try {
    const tenant = await provisionTenant(pool, {
      name: input.shopName,
      locale,
      setup: async (client, t) => {
        const { rows } = await client.query<{ id: string }>(
          "INSERT INTO users (email, password_hash, locale) VALUES ($1, $2, $3) RETURNING id",
          [input.email, passwordHash, locale],
        );
        userId = (rows[0] as { id: string }).id;
        await client.query(
          "INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')",
          [t.id, userId],
        );
        await client.query("INSERT INTO subscriptions (tenant_id, plan_code) VALUES ($1, $2)", [
          t.id,
          DEFAULT_PLAN,
        ]);
      },
    });
    return { userId, tenantId: tenant.id };
  } catch (error) {
    // Two sign-ups racing for one e-mail: the unique index decides.
    if ((error as { code?: string }).code === "23505") {
      throw problems.conflict(
        "email-taken",
        "An account already uses this e-mail; sign in instead.",
      );
    }
    throw error;
  }
}
