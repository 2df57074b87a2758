// fetch for the typed client: a 401 on a request that carried an access token is answered by
// one refresh (rotating refresh token) and one retry; if the refresh fails too, the session has
// expired and the app is told so (it sends the user to the login page).

export interface AuthFetchOptions {
  /** Trade the refresh token for a new access token; undefined when the session is over. */
  refresh(failedToken: string): Promise<string | undefined>;
  onExpired(): void;
  fetch?: (request: Request) => Promise<Response>;
}

const bearer = (request: Request) =>
  request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? undefined;

export function authFetch(
  options: AuthFetchOptions,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const send = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const token = bearer(request);
    const retry = token ? request.clone() : undefined;
    const response = await send(request);
    if (response.status !== 401 || !token || !retry) return response;
    const fresh = await options.refresh(token).catch(() => undefined);
    if (!fresh) {
      options.onExpired();
      return response;
    }
    retry.headers.set("Authorization", `Bearer ${fresh}`);
    const again = await send(retry);
    if (again.status === 401) options.onExpired();
    return again;
  };
}
