import { randomBytes } from "node:crypto";
import { request, type SignedUp, type TestEngine } from "./engine.ts";

/** A session as the extension captures it, with cookie values unique to this call. */
export function vintedSession(overrides: Record<string, unknown> = {}) {
  const unique = randomBytes(12).toString("hex");
  return {
    domain: "www.vinted.fr",
    cookies: {
      access_token_web: `eyJhbGciOiJIUzI1NiJ9.access-${unique}`,
      refresh_token_web: `refresh-${unique}`,
      _vinted_fr_session: `session-${unique}`,
      anon_id: `anon-${unique}`,
      datadome: `datadome-${unique}`,
    },
    csrfToken: `csrf-${unique}`,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
    acceptLanguage: "fr-FR,fr;q=0.9",
    userId: "123456789",
    username: "lea_vintage",
    ...overrides,
  };
}

/** The secret strings of a session: none may ever appear in an answer or a plaintext column. */
export function secretsOf(session: ReturnType<typeof vintedSession>): string[] {
  return [...Object.values(session.cookies), session.csrfToken];
}

/** Pairs a device with `owner`'s shop; returns its device token. */
export async function pairDevice(
  engine: Pick<TestEngine, "url">,
  owner: Pick<SignedUp, "accessToken">,
  deviceName = "Chrome on the test laptop",
): Promise<string> {
  const code = await request(engine, "POST", "/api/v1/channels/pairing-codes", {
    token: owner.accessToken,
  });
  if (code.status !== 201) throw new Error(`pairing code failed: ${JSON.stringify(code.body)}`);
  const paired = await request(engine, "POST", "/api/v1/channels/pair", {
    body: { code: code.body.code, deviceName },
  });
  if (paired.status !== 201) throw new Error(`pairing failed: ${JSON.stringify(paired.body)}`);
  return paired.body.deviceToken;
}

/** Pairs a device and uploads a Vinted session; returns the account the API answered. */
export async function connectVinted(
  engine: Pick<TestEngine, "url">,
  owner: Pick<SignedUp, "accessToken">,
  session = vintedSession(),
) {
  const deviceToken = await pairDevice(engine, owner);
  const res = await request(engine, "PUT", "/api/v1/channels/vinted/session", {
    token: deviceToken,
    body: session,
  });
  if (res.status !== 200) throw new Error(`session upload failed: ${JSON.stringify(res.body)}`);
  return { account: res.body, deviceToken, session };
}
