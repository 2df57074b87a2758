import { randomUUID } from "node:crypto";
import { request, type SignedUp, type TestEngine } from "./engine.ts";

export interface Joined {
  accessToken: string;
  refreshToken: string;
  userId: string;
  email: string;
  password: string;
}

/** Invites a new e-mail into `by`'s shop and accepts as a brand-new account. */
export async function join(
  engine: TestEngine,
  by: Pick<SignedUp, "accessToken">,
  role: "admin" | "member",
): Promise<Joined> {
  const email = `teammate-${randomUUID()}@example.test`;
  const password = "teammate long password";
  const invited = await request(engine, "POST", "/api/v1/members/invitations", {
    token: by.accessToken,
    body: { email, role },
  });
  if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`);
  const accepted = await request(engine, "POST", "/api/v1/auth/accept-invitation", {
    body: { token: invited.body.token, password },
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  return {
    accessToken: accepted.body.accessToken,
    refreshToken: accepted.body.refreshToken,
    userId: accepted.body.user.id,
    email,
    password,
  };
}

/** A fresh API key of `by`'s shop (the shop's plan must allow API access). */
export async function createKey(
  engine: TestEngine,
  by: Pick<SignedUp, "accessToken">,
  name = "test key",
): Promise<{ id: string; key: string }> {
  const res = await request(engine, "POST", "/api/v1/api-keys", {
    token: by.accessToken,
    body: { name },
  });
  if (res.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, key: res.body.key };
}
