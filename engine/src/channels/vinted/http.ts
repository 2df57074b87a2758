// One request to Vinted's web API with the seller's captured browser session, its answer
// checked against a schema. No retries here: the pipeline owns them.

import { type FormData, request as send } from "undici";
import type { z } from "zod";
import { ChannelError, type ChannelSession } from "../channel.ts";
import { isVintedDomain } from "./domains.ts";
import {
  errorFromCode,
  errorFromFailure,
  errorFromStatus,
  unexpectedShape,
  unreadableBody,
} from "./errors.ts";

export interface VintedHttpOptions {
  /** Where a Vinted domain's API lives: `https://<domain>` for real, the sandbox in tests. */
  baseUrlFor: (domain: string) => string;
  timeoutMs: number;
}

export interface VintedRequest<S extends z.ZodType> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string; // e.g. /api/v2/users/current
  json?: unknown;
  form?: FormData;
  schema: S;
}

export type VintedCall = <S extends z.ZodType>(
  session: ChannelSession,
  request: VintedRequest<S>,
) => Promise<z.output<S>>;

function headersFor(session: ChannelSession, hasJson: boolean): Headers {
  const headers = new Headers({
    Accept: "application/json, text/plain, */*",
    Cookie: Object.entries(session.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join("; "),
    "User-Agent": session.userAgent,
    "X-CSRF-Token": session.csrfToken,
  });
  if (session.acceptLanguage) headers.set("Accept-Language", session.acceptLanguage);
  if (session.cookies.anon_id) headers.set("X-Anon-Id", session.cookies.anon_id);
  if (hasJson) headers.set("Content-Type", "application/json");
  return headers;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, v);
    }
  }
  return headers;
}

export function createVintedCall(options: VintedHttpOptions): VintedCall {
  return async (session, request) => {
    if (!isVintedDomain(session.domain)) {
      throw new ChannelError(`${session.domain} is not a Vinted site Stoflow knows.`, {
        kind: "permanent",
        reason: "validation",
      });
    }
    const url = `${options.baseUrlFor(session.domain).replace(/\/$/, "")}${request.path}`;
    const hasJson = request.json !== undefined;
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      // undici's request rather than fetch: the same client at about half the CPU per call,
      // which the pipeline's throughput is bound by. Redirects are not followed (a 3xx is an
      // answer), as with fetch's redirect "manual".
      const response = await send(url, {
        method: request.method,
        headers: Object.fromEntries(headersFor(session, hasJson)),
        body: hasJson ? JSON.stringify(request.json) : request.form,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.statusCode;
      headers = headersOf(response.headers);
      text = await response.body.text(); // under the same time limit as the request
    } catch (error) {
      throw errorFromFailure(error);
    }
    if (status < 200 || status >= 300) throw errorFromStatus(status, headers, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw unreadableBody(status, text);
    }
    const refused = errorFromCode(status, body);
    if (refused) throw refused;
    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw unexpectedShape(status, body, issues);
    }
    return parsed.data;
  };
}
