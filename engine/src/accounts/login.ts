import { control } from "@stoflow/db";
import { asc, eq, sql } from "drizzle-orm";
import { assertNotThrottled, recordFailure, recordSuccess } from "../auth/login-throttle.ts";
import { burnVerification, verifyPassword } from "../auth/passwords.ts";
import type { EngineContext } from "../context.ts";
import { problems } from "../http/problem.ts";
import type { Member } from "./session.ts";

const { users, memberships } = control;

export interface LoginInput {
  email: string;
  password: string;
  tenantId?: number | undefined;
}

/** Checks the password (throttled per e-mail and address) and picks the membership. */
export async function login(ctx: EngineContext, input: LoginInput, ip: string): Promise<Member> {
  const { db } = ctx.database;
  await assertNotThrottled(db, input.email, ip);
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await burnVerification(input.password).then(() => false);
  if (!user || !valid) {
    await recordFailure(db, input.email, ip);
    throw problems.unauthorized("Wrong e-mail or password.");
  }
  await recordSuccess(db, input.email);
  const rows = await db
    .select({ tenantId: memberships.tenantId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(memberships.createdAt));
  const chosen = input.tenantId ? rows.find((r) => r.tenantId === input.tenantId) : rows[0];
  if (!chosen) throw problems.unauthorized("This account has no access to that shop.");
  return { userId: user.id, tenantId: chosen.tenantId, role: chosen.role as Member["role"] };
}
