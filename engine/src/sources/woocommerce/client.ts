// The WooCommerce REST v3 client (@woocommerce/woocommerce-rest-api: OAuth 1.0a over HTTP,
// Basic over HTTPS) with its failures turned into SourceErrors. Axios errors carry the signed
// URL and the keys: they never leave this file.
import WooCommerceRestApiModule from "@woocommerce/woocommerce-rest-api";
import type { SourceConnection } from "../source.ts";
import { SourceError } from "../source.ts";

// The package is CommonJS with `exports.default`: Node's ESM loader hands the exports object
// (the class one level down), bundlers the class itself.
type WooClass = (typeof WooCommerceRestApiModule)["default"];
const loaded = WooCommerceRestApiModule as unknown as WooClass | { default: WooClass };
const WooCommerceRestApi: WooClass = typeof loaded === "function" ? loaded : loaded.default;

export interface WooResponse<T> {
  data: T;
  headers: Record<string, string | undefined>;
}

export interface WooClient {
  get<T>(endpoint: string, params?: Record<string, unknown>): Promise<WooResponse<T>>;
  post<T>(endpoint: string, body: unknown): Promise<WooResponse<T>>;
  put<T>(endpoint: string, body: unknown): Promise<WooResponse<T>>;
  delete<T>(endpoint: string, params?: Record<string, unknown>): Promise<WooResponse<T>>;
}

interface AxiosLike {
  response?: { status: number; data?: unknown; headers?: Record<string, string> };
  code?: string;
}

/** What WooCommerce's answer means for the runner, in words a seller can act on. */
export function toSourceError(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const e = error as AxiosLike;
  const status = e.response?.status;
  const body = e.response?.data as { code?: string; message?: string } | undefined;
  const said = typeof body?.message === "string" ? ` (${body.message.slice(0, 200)})` : "";
  if (status === undefined) {
    const timeout = e.code === "ECONNABORTED" || e.code === "ETIMEDOUT";
    return new SourceError(
      timeout ? "The shop did not answer in time." : "The shop could not be reached.",
      { kind: "retryable" },
    );
  }
  if (status === 401 || status === 403) {
    return new SourceError(
      `WooCommerce refused the API keys${said}; reconnect the shop with keys that can read and write.`,
      { kind: "auth", status },
    );
  }
  if (status === 429) {
    const retryAfter = Number(e.response?.headers?.["retry-after"]);
    return new SourceError("The shop asked Stoflow to slow down.", {
      kind: "retryable",
      status,
      retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
    });
  }
  if (status >= 500)
    return new SourceError(`The shop answered ${status}${said}.`, { kind: "retryable", status });
  return new SourceError(`WooCommerce refused the request: ${status}${said}.`, {
    kind: "permanent",
    status,
  });
}

export function wooClient(conn: SourceConnection, options: { timeoutMs: number }): WooClient {
  const { consumerKey, consumerSecret } = conn.credentials;
  if (!consumerKey || !consumerSecret) {
    throw new SourceError("This shop has no API keys; connect it again.", { kind: "auth" });
  }
  const api = new WooCommerceRestApi({
    url: conn.baseUrl,
    consumerKey,
    consumerSecret,
    version: "wc/v3",
    timeout: options.timeoutMs,
    // Some hosts strip the Authorization header; keys in the query work everywhere (HTTPS).
    queryStringAuth: true,
  });
  const call = async <T>(
    run: () => Promise<{ data: unknown; headers: unknown }>,
  ): Promise<WooResponse<T>> => {
    let res: { data: unknown; headers: unknown };
    try {
      res = await run();
    } catch (error) {
      throw toSourceError(error);
    }
    // A cut body reaches us as a string (axios keeps what it could not parse).
    if (typeof res.data === "string") {
      throw new SourceError("The shop's answer was cut short.", { kind: "retryable" });
    }
    return { data: res.data as T, headers: res.headers as Record<string, string | undefined> };
  };
  return {
    get: (endpoint, params = {}) => call(() => api.get(endpoint, params)),
    post: (endpoint, body) => call(() => api.post(endpoint, body as Record<string, unknown>)),
    put: (endpoint, body) => call(() => api.put(endpoint, body as Record<string, unknown>)),
    delete: (endpoint, params = {}) => call(() => api.delete(endpoint, params)),
  };
}
