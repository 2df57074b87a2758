import { createStoflowClient, type Schemas } from "@stoflow/client";
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { expectData } from "~/lib/api-problem";
import { expiryOf, readSession, type StoredSession, writeSession } from "~/lib/session-storage";

// Auth calls go through a client without the refresh-and-retry fetch, so they never loop.
const authClient = () => createStoflowClient({ baseUrl: window.location.origin });

/** Serialise refreshes across tabs: a refresh token is single-use, a replay ends the session. */
async function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request("stoflow-refresh", work) : work();
}

export const useSessionStore = defineStore("session", () => {
  const session = ref<StoredSession | null>(readSession());
  const expired = ref(false);
  let refreshing: Promise<string | undefined> | undefined;

  const signedIn = computed(() => session.value !== null);
  const role = computed(() => session.value?.role);
  const canManage = computed(() => role.value === "owner" || role.value === "admin");

  function start(s: Schemas["Session"]) {
    session.value = {
      accessToken: s.accessToken,
      refreshToken: s.refreshToken,
      expiresAt: expiryOf(s.expiresIn),
      user: s.user,
      tenant: s.tenant,
      role: s.role,
    };
    expired.value = false;
    writeSession(session.value);
  }

  function clear() {
    session.value = null;
    writeSession(null);
  }

  async function login(email: string, password: string) {
    start(expectData(await authClient().POST("/api/v1/auth/login", { body: { email, password } })));
  }

  async function signup(email: string, password: string, shopName: string) {
    start(
      expectData(
        await authClient().POST("/api/v1/auth/signup", { body: { email, password, shopName } }),
      ),
    );
  }

  /** Join a shop with an invitation token: a new account's password, or the existing one's. */
  async function acceptInvitation(token: string, password: string) {
    start(
      expectData(
        await authClient().POST("/api/v1/auth/accept-invitation", { body: { token, password } }),
      ),
    );
  }

  async function logout() {
    const refreshToken = session.value?.refreshToken;
    clear();
    if (refreshToken) {
      await authClient()
        .POST("/api/v1/auth/logout", { body: { refreshToken } })
        .catch(() => {});
    }
  }

  async function doRefresh(failedToken: string | undefined): Promise<string | undefined> {
    return exclusively(async () => {
      // Another tab may have refreshed meanwhile: use its tokens rather than replay ours.
      const stored = readSession();
      if (!stored) return undefined;
      if (stored.accessToken !== failedToken && stored.expiresAt > Date.now()) {
        session.value = stored;
        return stored.accessToken;
      }
      const { data, response } = await authClient().POST("/api/v1/auth/refresh", {
        body: { refreshToken: stored.refreshToken },
      });
      if (!data || !response.ok) {
        if (response.status === 401 || response.status === 400) clear();
        return undefined;
      }
      session.value = {
        ...stored,
        accessToken: data.accessToken,
        refreshToken: data.refreshToken,
        expiresAt: expiryOf(data.expiresIn),
      };
      writeSession(session.value);
      return data.accessToken;
    });
  }

  /** Trade the refresh token once, however many requests ask at the same time. */
  function refresh(failedToken?: string): Promise<string | undefined> {
    refreshing ??= doRefresh(failedToken).finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  /** A usable access token, refreshed first when it is about to expire. */
  async function token(): Promise<string | undefined> {
    const s = session.value;
    if (!s) return undefined;
    if (s.expiresAt > Date.now()) return s.accessToken;
    return refresh(s.accessToken);
  }

  /** Another tab refreshed or ended the session: take its state. */
  function syncFromStorage() {
    session.value = readSession();
  }

  function markExpired() {
    clear();
    expired.value = true;
  }

  function updateTenant(tenant: Schemas["Tenant"], role: StoredSession["role"]) {
    if (!session.value) return;
    session.value = { ...session.value, tenant, role };
    writeSession(session.value);
  }

  return {
    session,
    expired,
    signedIn,
    role,
    canManage,
    login,
    signup,
    acceptInvitation,
    logout,
    refresh,
    token,
    markExpired,
    syncFromStorage,
    updateTenant,
  };
});
