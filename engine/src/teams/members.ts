import { control, type Db, type Tx } from "@stoflow/db";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Auth, Role } from "../http/operation.ts";
import { problems } from "../http/problem.ts";

const { memberships, users, refreshTokens } = control;

export interface MemberView {
  userId: string;
  email: string;
  displayName: string | null;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, tenantId: number): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function countMembers(db: Db | Tx, tenantId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.tenantId, tenantId));
  return row?.n ?? 0;
}

/** Team changes are made by people: an API key may not grant lasting access to anyone. */
export function assertSignedInUser(auth: Auth): asserts auth is Extract<Auth, { kind: "user" }> {
  if (auth.kind !== "user") {
    throw problems.forbidden("API keys cannot manage the team or API keys; sign in to do this.");
  }
}

/**
 * Serialises team changes of one shop (limits, last owner) without blocking anything else:
 * FOR NO KEY UPDATE does not conflict with the key-share locks foreign keys take.
 */
export async function lockTeam(tx: Tx, tenantId: number): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM public.tenants WHERE id = ${tenantId} FOR NO KEY UPDATE`);
}

async function loadTarget(tx: Tx, tenantId: number, userId: string): Promise<Role> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  if (!row) throw problems.notFound("Member");
  return row.role as Role;
}

/** Only an owner touches an owner or makes one; admins manage admins and members. */
function assertMayManage(actor: Role, targetRole: Role, newRole?: Role): void {
  if (actor === "owner") return;
  if (targetRole === "owner" || newRole === "owner") {
    throw problems.forbidden("Only an owner can change or remove an owner, or make one.");
  }
}

async function assertNotLastOwner(tx: Tx, tenantId: number): Promise<void> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  if ((row?.n ?? 0) <= 1) {
    throw problems.conflict(
      "last-owner",
      "A shop always keeps an owner: make someone else owner first.",
    );
  }
}

export async function changeRole(
  db: Db,
  actor: { tenantId: number; role: Role },
  userId: string,
  role: Role,
): Promise<MemberView> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, actor.tenantId);
    const current = await loadTarget(tx, actor.tenantId, userId);
    assertMayManage(actor.role, current, role);
    if (current === role) return;
    if (current === "owner") await assertNotLastOwner(tx, actor.tenantId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
  });
  const member = (await listMembers(db, actor.tenantId)).find((m) => m.userId === userId);
  if (!member) throw problems.notFound("Member");
  return member;
}

/** Removes a member and ends their sessions in this shop; their account stays. */
export async function removeMember(
  db: Db,
  actor: { tenantId: number; role: Role },
  userId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await lockTeam(tx, actor.tenantId);
    const current = await loadTarget(tx, actor.tenantId, userId);
    assertMayManage(actor.role, current);
    if (current === "owner") await assertNotLastOwner(tx, actor.tenantId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
    await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(refreshTokens.tenantId, actor.tenantId),
          eq(refreshTokens.userId, userId),
          isNull(refreshTokens.revokedAt),
        ),
      );
  });
}
