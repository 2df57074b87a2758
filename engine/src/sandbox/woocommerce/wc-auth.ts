// The app authorization endpoint: /wc-auth/v1/authorize shows the store owner what the app
// asks for; approving creates keys, POSTs them as JSON to callback_url (which must answer 200)
// and sends the browser to return_url?success=1&user_id=...; denying to success=0.
import express, { Router } from "express";
import type { WooState } from "./state.ts";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SCOPES = ["read", "write", "read_write"] as const;

function authParams(source: Record<string, unknown>) {
  const get = (k: string) => (typeof source[k] === "string" ? (source[k] as string) : "");
  return {
    app_name: get("app_name"),
    scope: get("scope"),
    user_id: get("user_id"),
    return_url: get("return_url"),
    callback_url: get("callback_url"),
  };
}

function problem(params: ReturnType<typeof authParams>): string | undefined {
  if (!params.app_name) return "Missing parameter app_name";
  if (!(SCOPES as readonly string[]).includes(params.scope)) return "Invalid scope";
  if (!params.user_id) return "Missing parameter user_id";
  if (!URL.canParse(params.return_url)) return "The return_url is not a valid URL";
  if (!URL.canParse(params.callback_url)) return "The callback_url is not a valid URL";
  return undefined;
}

export function wcAuthRoutes(state: WooState): Router {
  const router = Router();

  router.get("/wc-auth/v1/authorize", (req, res) => {
    const params = authParams(req.query as Record<string, unknown>);
    const error = problem(params);
    if (error)
      return res
        .status(400)
        .type("html")
        .send(`<p>Error: ${escapeHtml(error)}.</p>`);
    const hidden = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
      .join("");
    res
      .type("html")
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorize ${escapeHtml(params.app_name)}</title></head>
<body><h1>${escapeHtml(params.app_name)} would like to connect to ${escapeHtml(state.storeName)}</h1>
<p>This will give "${escapeHtml(params.app_name)}" ${params.scope === "read_write" ? "read/write" : escapeHtml(params.scope)} access to products, orders and webhooks.</p>
<form method="post" action="/wc-auth/v1/access_granted">${hidden}<button name="approve" value="1">Approve</button></form>
<form method="post" action="/wc-auth/v1/access_granted">${hidden}<button name="deny" value="1">Deny</button></form></body></html>`);
  });

  router.post(
    "/wc-auth/v1/access_granted",
    express.urlencoded({ extended: false }),
    async (req, res) => {
      const params = authParams(req.body ?? {});
      const error = problem(params);
      if (error)
        return res
          .status(400)
          .type("html")
          .send(`<p>Error: ${escapeHtml(error)}.</p>`);
      const back = new URL(params.return_url);
      back.searchParams.set("user_id", params.user_id);
      if (req.body.deny) {
        back.searchParams.set("success", "0");
        return res.redirect(302, back.toString());
      }
      const key = state.createKey(
        params.scope as (typeof SCOPES)[number],
        `${params.app_name} - API`,
      );
      let status = 0;
      try {
        const answer = await fetch(params.callback_url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            key_id: key.keyId,
            user_id: params.user_id,
            consumer_key: key.consumerKey,
            consumer_secret: key.consumerSecret,
            key_permissions: key.permissions,
          }),
          signal: AbortSignal.timeout(10_000),
        });
        await answer.arrayBuffer();
        status = answer.status;
      } catch {
        status = 0;
      }
      if (status !== 200) {
        state.keys.delete(key.consumerKey); // WooCommerce revokes keys the app did not take
        return res
          .status(400)
          .type("html")
          .send(
            `<p>Error: An error occurred in the request and at the time were unable to send the consumer data (callback answered ${status}).</p>`,
          );
      }
      back.searchParams.set("success", "1");
      res.redirect(302, back.toString());
    },
  );

  return router;
}
