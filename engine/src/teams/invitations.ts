import { control, type Db, type Tx } from "@stoflow/db";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { assertNotThrottled, recordFailure, recordSuccess } from "../auth/login-throttle.ts";
import { hashPassword, verifyPassword } from "../auth/passwords.ts";
import { hashSecret, newSecret } from "../auth/secrets.ts";
import type { Role } from "../http/operation.ts";
import { problems } from "../http/problem.ts";
import { assertWithinLimit } from "../plans/limits.ts";
import { postgresErrorCode, UNIQUE_VIOLATION } from "../postgres-errors.ts";
import { countMembers, lockTeam } from "./members.ts";

const { invitations, memberships, users } = control;

export const INVITATION_TTL_DAYS = 7;
export const INVITATION_TOKEN_PREFIX = "sfi";
export type InvitedRole = Exclude<Role, "owner">;

const pending = (tenantId: number) =>
  and(
    eq(invitations.tenantId, tenantId),
    isNull(invitations.acceptedAt),
    gt(invitations.expiresAt, sql`now()`),
  );

const sameEmail = (column: typeof users.email | typeof invitations.email, email: string) =>
  sql`lower(${column}) = ${email.toLowerCase()}`;

export async function listPendingInvitations(db: Db, tenantId: number) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(pending(tenantId))
    .orderBy(asc(invitations.createdAt));
}

export async function countPendingInvitations(db: Db | Tx, tenantId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(pending(tenantId));
  return row?.n ?? 0;
}

/**
 * Invites someone by e-mail. The plan's user limit counts members plus pending invitations;
 * inviting an address again replaces its pending invitation. The token is returned once.
 */
export async function createInvitation(
  db: Db,
  input: { tenantId: number; invitedBy: string; email: string; role: InvitedRole },
) {
  const secret = newSecret(INVITATION_TOKEN_PREFIX);
  const row = await db.transaction(async (tx) => {
    await lockTeam(tx, input.tenantId);
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, input.tenantId), sameEmail(users.email, input.email)));
    if (member) {
      throw problems.conflict("already-member", "This person is already a member of the shop.");
    }
    await tx
      .delete(invitations)
      .where(and(pending(input.tenantId), sameEmail(invitations.email, input.email)));
    const members = await countMembers(tx, input.tenantId);
    const invited = await countPendingInvitations(tx, input.tenantId);
    await assertWithinLimit(db, input.tenantId, "users", members + invited);
    const [created] = await tx
      .insert(invitations)
      .values({
        tenantId: input.tenantId,
        email: input.email,
        role: input.role,
        tokenHash: secret.hash,
        invitedBy: input.invitedBy,
        expiresAt: sql`now() + make_interval(days => ${INVITATION_TTL_DAYS})`,
      })
      .returning();
    return created as typeof invitations.$inferSelect;
  });
  return {
    id: row.id,
    email: row.email,
    role: row.role as InvitedRole,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    token: secret.value,
  };
}

export async function revokeInvitation(db: Db, tenantId: number, id: string): Promise<void> {
  const deleted = await db
    .delete(invitations)
    .where(and(eq(invitations.id, id), pending(tenantId)))
    .returning({ id: invitations.id });
  if (deleted.length === 0) throw problems.notFound("Invitation");
}

/**
 * Spends an invitation. A new e-mail becomes an account with the given password; an existing
 * account must prove itself with its own password (throttled like a login), because whoever
 * invited it has seen the token.
 */
export async function acceptInvitation(
  db: Db,
  input: { token: string; password?: string | undefined },
  ip: string,
): Promise<{ userId: string; tenantId: number; role: InvitedRole }> {
  const [invitation] = await db
    .select()
    .from(invitations)
    .where(eq(invitations.tokenHash, hashSecret(input.token)));
  if (!invitation) throw problems.notFound("Invitation");
  if (invitation.acceptedAt) {
    throw problems.conflict("invitation-used", "This invitation was already accepted.");
  }
  if (invitation.expiresAt.getTime() <= Date.now()) {
    throw problems.conflict(
      "invitation-expired",
      "This invitation has expired; ask for a new one.",
    );
  }
  const [existing] = await db.select().from(users).where(sameEmail(users.email, invitation.email));
  if (!input.password) {
    throw problems.badRequest(
      existing
        ? "Enter the password of your Stoflow account to join this shop."
        : "Choose a password (at least 10 characters) to create your account.",
    );
  }
  let passwordHash: string | undefined;
  if (existing) {
    await assertNotThrottled(db, existing.email, ip);
    if (!(await verifyPassword(existing.passwordHash, input.password))) {
      await recordFailure(db, existing.email, ip);
      throw problems.unauthorized("Wrong password for this account.");
    }
    await recordSuccess(db, existing.email);
  } else {
    if (input.password.length < 10) {
      throw problems.badRequest("A password has at least 10 characters.");
    }
    passwordHash = await hashPassword(input.password);
  }
  const tenantId = invitation.tenantId;
  try {
    return await db.transaction(async (tx) => {
      await lockTeam(tx, tenantId);
      const [spent] = await tx
        .update(invitations)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
        .returning({ id: invitations.id });
      if (!spent) {
        throw problems.conflict("invitation-used", "This invitation was already accepted.");
      }
      // The plan may have changed since the invitation was sent.
      await assertWithinLimit(db, tenantId, "users", await countMembers(tx, tenantId));
      let userId = existing?.id;
      if (!userId) {
        const [created] = await tx
          .insert(users)
          .values({ email: invitation.email, passwordHash })
          .returning({ id: users.id });
        userId = (created as { id: string }).id;
      }
      const joined = await tx
        .insert(memberships)
        .values({ tenantId, userId, role: invitation.role })
        .onConflictDoNothing()
        .returning({ userId: memberships.userId });
      if (joined.length === 0) {
        throw problems.conflict("already-member", "You are already a member of this shop.");
      }
      return { userId, tenantId, role: invitation.role as InvitedRole };
    });
  } catch (error) {
    // Someone signed up with this e-mail between our look-up and the insert.
    if (postgresErrorCode(error) === UNIQUE_VIOLATION) {
      throw problems.conflict("email-taken", "An account already uses this e-mail; try again.");
    }
    throw error;
  }
}
