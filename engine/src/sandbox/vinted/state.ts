// What the Vinted sandbox remembers: users, their sessions, uploaded photos and items.
// Everything lives in memory; a restart starts from the seeded users again.

import { randomBytes, randomUUID } from "node:crypto";
import { type VintedDomain, vintedCountryCode } from "../../channels/vinted/domains.ts";

export interface SandboxUser {
  id: number;
  login: string;
  domain: VintedDomain;
}

export interface SandboxSession {
  userId: number;
  domain: VintedDomain;
  accessToken: string;
  refreshToken: string;
  sessionCookieName: string;
  sessionCookie: string;
  anonId: string;
  csrfToken: string;
  expiresAt: number; // epoch ms of the access token
}

export interface SandboxPhoto {
  id: number;
  userId: number;
  tempUuid: string;
  bytes: number;
  contentType: string;
}

export interface SandboxItem {
  id: number;
  userId: number;
  title: string;
  description: string;
  brandId: number | null;
  brand: string | null;
  sizeId: number | null;
  catalogId: number;
  statusId: number;
  colorIds: number[];
  price: string; // decimal, two places
  currency: string;
  packageSizeId: number;
  photoIds: number[];
  isHidden: boolean;
  isClosed: boolean;
  isReserved: boolean;
  closingAction: "sold" | null;
  viewCount: number;
  favouriteCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A session as a Stoflow `ChannelSession`: what the extension would capture. */
export interface CapturedSession {
  domain: VintedDomain;
  cookies: Record<string, string>;
  csrfToken: string;
  userAgent: string;
  acceptLanguage: string;
  userId: string;
  username: string;
}

export const SANDBOX_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36";

function token(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** Looks like Vinted's JWT cookie; the sandbox only ever looks it up, never verifies it. */
function fakeJwt(userId: number, expiresAt: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { sub: String(userId), exp: Math.floor(expiresAt / 1000), scope: "user" };
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.${token(16)}`;
}

export class SandboxState {
  readonly users = new Map<number, SandboxUser>();
  readonly sessions = new Map<string, SandboxSession>(); // by access token
  readonly photos = new Map<number, SandboxPhoto>();
  readonly items = new Map<number, SandboxItem>();
  readonly accessTokenTtlMs: number;
  private nextUserId = 1000;
  private nextPhotoId = 500_000;
  private nextItemId = 7_000_000;

  constructor(options: { accessTokenTtlMs: number }) {
    this.accessTokenTtlMs = options.accessTokenTtlMs;
  }

  createUser(login: string, domain: VintedDomain): SandboxUser {
    const user = { id: this.nextUserId++, login, domain };
    this.users.set(user.id, user);
    return user;
  }

  createSession(user: SandboxUser): SandboxSession {
    const expiresAt = Date.now() + this.accessTokenTtlMs;
    const session: SandboxSession = {
      userId: user.id,
      domain: user.domain,
      accessToken: fakeJwt(user.id, expiresAt),
      refreshToken: fakeJwt(user.id, expiresAt + 7 * 24 * 3600_000),
      sessionCookieName: `_vinted_${vintedCountryCode(user.domain)}_session`,
      sessionCookie: token(48),
      anonId: randomUUID(),
      csrfToken: randomUUID(),
      expiresAt,
    };
    this.sessions.set(session.accessToken, session);
    return session;
  }

  /** A new access token for the same session (the web app's refresh); the old one stops. */
  rotateAccessToken(session: SandboxSession): void {
    this.sessions.delete(session.accessToken);
    session.expiresAt = Date.now() + this.accessTokenTtlMs;
    session.accessToken = fakeJwt(session.userId, session.expiresAt);
    this.sessions.set(session.accessToken, session);
  }

  /** Expires every access token of the user (the next call answers 401). */
  expireSessions(userId: number): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (session.userId === userId) {
        session.expiresAt = 0;
        count++;
      }
    }
    return count;
  }

  captured(session: SandboxSession): CapturedSession {
    const user = this.users.get(session.userId);
    if (!user) throw new Error(`No user ${session.userId}`);
    return {
      domain: session.domain,
      cookies: {
        access_token_web: session.accessToken,
        refresh_token_web: session.refreshToken,
        [session.sessionCookieName]: session.sessionCookie,
        anon_id: session.anonId,
        v_udt: token(12),
        datadome: token(32),
      },
      csrfToken: session.csrfToken,
      userAgent: SANDBOX_USER_AGENT,
      acceptLanguage: "fr-FR,fr;q=0.9,en;q=0.8",
      userId: String(user.id),
      username: user.login,
    };
  }

  addPhoto(photo: Omit<SandboxPhoto, "id">): SandboxPhoto {
    const stored = { ...photo, id: this.nextPhotoId++ };
    this.photos.set(stored.id, stored);
    return stored;
  }

  newItemId(): number {
    return this.nextItemId++;
  }

  itemsOf(userId: number): SandboxItem[] {
    return [...this.items.values()].filter((item) => item.userId === userId);
  }

  /** A buyer bought the item: closed as sold, as the wardrobe shows it. */
  sell(itemId: number): SandboxItem | undefined {
    const item = this.items.get(itemId);
    if (!item) return undefined;
    item.isClosed = true;
    item.isReserved = false;
    item.closingAction = "sold";
    return item;
  }
}
