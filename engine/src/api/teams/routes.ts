import { z } from "zod";
import { openSession } from "../../accounts/session.ts";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_DAYS,
  listPendingInvitations,
  revokeInvitation,
} from "../../teams/invitations.ts";
import { assertSignedInUser, changeRole, listMembers, removeMember } from "../../teams/members.ts";
import { Email, Role, Session, UuidParam } from "../shared-schemas.ts";

const InvitedRole = z.enum(["admin", "member"]);
const UserIdParam = z.strictObject({ userId: z.uuid({ error: "Not a valid id." }) });

const Member = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    displayName: z.string().nullable(),
    role: Role,
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: "Member" });

const Invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: InvitedRole,
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Invitation" });

const MANAGERS: ("owner" | "admin")[] = ["owner", "admin"];

export function teamOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/members",
      operationId: "listMembers",
      summary: "The shop's team and its pending invitations",
      tags: ["team"],
      auth: "tenant",
      responses: {
        200: {
          description: "Members, oldest first, and invitations not yet accepted",
          schema: z
            .object({ members: z.array(Member), invitations: z.array(Invitation) })
            .meta({ id: "Team" }),
        },
      },
      handler: async ({ auth }) => ({
        body: {
          members: await listMembers(db, auth.tenantId),
          invitations: await listPendingInvitations(db, auth.tenantId),
        },
      }),
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/members/invitations",
      operationId: "inviteMember",
      summary: "Invite someone by e-mail (owners and admins)",
      tags: ["team"],
      auth: "tenant",
      roles: MANAGERS,
      body: z.strictObject({ email: Email, role: InvitedRole }),
      responses: {
        201: {
          description: `Invited. The token is shown once and expires in ${INVITATION_TTL_DAYS} days.`,
          schema: Invitation.extend({ token: z.string() }).meta({ id: "NewInvitation" }),
        },
        402: { description: "The plan's user limit is reached (members + pending invitations)" },
        409: { description: "Already a member" },
      },
      handler: async ({ auth, body }) => {
        assertSignedInUser(auth);
        const invitation = await createInvitation(db, {
          tenantId: auth.tenantId,
          invitedBy: auth.userId,
          email: body.email,
          role: body.role,
        });
        return { status: 201, body: invitation };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/members/invitations/{id}",
      operationId: "revokeInvitation",
      summary: "Withdraw a pending invitation (owners and admins)",
      tags: ["team"],
      auth: "tenant",
      roles: MANAGERS,
      params: UuidParam,
      responses: { 204: { description: "Withdrawn; its token no longer works" } },
      handler: async ({ auth, params }) => {
        assertSignedInUser(auth);
        await revokeInvitation(db, auth.tenantId, params.id);
        return { status: 204 };
      },
    }),
    defineOperation({
      method: "post",
      path: "/api/v1/auth/accept-invitation",
      operationId: "acceptInvitation",
      summary: "Join a shop with an invitation token",
      tags: ["auth", "team"],
      auth: "none",
      body: z.strictObject({
        token: z.string().min(10).max(200),
        password: z
          .string()
          .min(1)
          .max(256)
          .optional()
          .meta({
            format: "password",
            description:
              "New e-mail: the password of the account being created (at least 10 characters). " +
              "Existing account: its current password.",
          }),
      }),
      responses: {
        200: { description: "Joined and signed in to the shop", schema: Session },
        401: { description: "Wrong password for the existing account" },
        402: { description: "The shop's plan has no room for another user" },
        404: { description: "Unknown invitation token" },
        409: { description: "Invitation already used or expired, or already a member" },
        429: { description: "Too many wrong passwords; see Retry-After" },
      },
      handler: async ({ body, req }) => {
        const member = await acceptInvitation(db, body, req.ip ?? "unknown");
        return { body: await openSession(ctx, member, req.get("user-agent")) };
      },
    }),
    defineOperation({
      method: "patch",
      path: "/api/v1/members/{userId}",
      operationId: "changeMemberRole",
      summary: "Change a member's role (owners and admins; only owners touch owners)",
      tags: ["team"],
      auth: "tenant",
      roles: MANAGERS,
      params: UserIdParam,
      body: z.strictObject({ role: Role }),
      responses: {
        200: { description: "The member with the new role", schema: Member },
        409: { description: "The shop's last owner cannot be demoted" },
      },
      handler: async ({ auth, params, body }) => {
        assertSignedInUser(auth);
        return { body: await changeRole(db, auth, params.userId, body.role) };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/members/{userId}",
      operationId: "removeMember",
      summary: "Remove someone from the team (owners and admins; only owners remove owners)",
      tags: ["team"],
      auth: "tenant",
      roles: MANAGERS,
      params: UserIdParam,
      responses: {
        204: { description: "Removed; their sessions in this shop end at once" },
        409: { description: "The shop's last owner cannot be removed" },
      },
      handler: async ({ auth, params }) => {
        assertSignedInUser(auth);
        await removeMember(db, auth, params.userId);
        return { status: 204 };
      },
    }),
  ];
}
