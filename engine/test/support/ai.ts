import { expect } from "vitest";
import type { OpenAiSandbox } from "../../src/sandbox/openai/server.ts";
import { request, type SignedUp, type TestEngine } from "./engine.ts";
import { until } from "./sandbox-flow.ts";

/** A generation, waited for when it was queued; `status` is the first answer's HTTP status. */
export async function generateFor(
  engine: TestEngine,
  owner: SignedUp,
  body: Record<string, unknown>,
) {
  const res = await request(engine, "POST", "/api/v1/ai/generate-description", {
    token: owner.accessToken,
    body,
  });
  expect([200, 202], JSON.stringify(res.body)).toContain(res.status);
  if (res.status === 200) return { status: 200, generation: res.body };
  expect(res.headers.get("location")).toBe(`/api/v1/ai/generations/${res.body.id}`);
  expect(res.body.status).toBe("pending");
  const done = await until(
    () =>
      request(engine, "GET", `/api/v1/ai/generations/${res.body.id}`, { token: owner.accessToken }),
    (r) => r.body.status !== "pending",
    30_000,
  );
  expect(done.body.status, "the job never ran").not.toBe("pending");
  return { status: 202, generation: done.body };
}

export async function sandboxCalls(sandbox: OpenAiSandbox): Promise<number> {
  const log = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as {
    calls: number;
  };
  return log.calls;
}

export async function sandboxControl(sandbox: OpenAiSandbox, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBeLessThan(300);
}
