// Why a store's REST API is not where Stoflow looks (shared/protocols/woocommerce.md): with
// WordPress's plain permalinks /wp-json/ is a 404 page and the API answers at ?rest_route=
// only, which the REST client and WooCommerce's /wc-auth/v1/ do not use; or the site is not
// WordPress, or WooCommerce is not active. Said in words the store owner can act on.
import { SourceError } from "../source.ts";

interface Index {
  namespaces?: unknown;
}

async function indexAt(url: string, timeoutMs: number): Promise<Index | undefined> {
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      redirect: "follow",
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return undefined;
    const body = (await res.json()) as unknown;
    return body && typeof body === "object" && "namespaces" in body ? (body as Index) : undefined;
  } catch {
    return undefined;
  }
}

const hasWooCommerce = (index: Index) =>
  Array.isArray(index.namespaces) && index.namespaces.includes("wc/v3");

/** Undefined when the store's REST API is at /wp-json/wc/v3, else the reason it is not. */
export async function storeProblem(
  baseUrl: string,
  timeoutMs = 10_000,
): Promise<SourceError | undefined> {
  const base = baseUrl.replace(/\/+$/, "");
  const pretty = await indexAt(`${base}/wp-json/`, timeoutMs);
  if (pretty) {
    if (hasWooCommerce(pretty)) return undefined;
    return new SourceError(
      `${base} is a WordPress site, but WooCommerce's REST API is not there: check that WooCommerce is installed and active.`,
      { kind: "permanent" },
    );
  }
  const plain = await indexAt(`${base}/?rest_route=/`, timeoutMs);
  if (plain) {
    return new SourceError(
      `${base} uses WordPress's plain permalinks, so WooCommerce's REST API cannot be reached at /wp-json/. In WordPress, open Settings → Permalinks, choose any other structure (for example "Post name"), save, then connect again.`,
      { kind: "permanent" },
    );
  }
  return new SourceError(
    `No WordPress site answers at ${base}: check the store's address (the one its home page opens at).`,
    { kind: "permanent" },
  );
}
