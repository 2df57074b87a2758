import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelError } from "../src/ai/generator.ts";
import { openAiGenerator } from "../src/ai/openai/generator.ts";
import { outputSchema } from "../src/ai/output-schema.ts";
import { type OpenAiSandbox, startOpenAiSandbox } from "../src/sandbox/openai/server.ts";

const SCHEMA = outputSchema(["vinted", "ebay", "etsy"]);
const request = {
  messages: [
    { role: "system" as const, content: "Write every text in French. Tone: friendly." },
    {
      role: "user" as const,
      content:
        'Item attributes (null: unknown, do not mention): {"item":"jeans","brand_tier":"premium","colour_palette":"neutral","condition":"very_good","size_system":"numbers","material":"cotton"}\nWrite the texts for: vinted, ebay, etsy. Language: French.',
    },
  ],
  schemaName: "listing_texts",
  schema: SCHEMA,
};

describe("OpenAI sandbox", () => {
  let sandbox: OpenAiSandbox;
  beforeAll(async () => {
    sandbox = await startOpenAiSandbox({ apiKey: "sk-test" });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST" });
  });
  const generator = (options: { maxRetries?: number; timeoutMs?: number; apiKey?: string } = {}) =>
    openAiGenerator({
      apiKey: options.apiKey ?? "sk-test",
      baseUrl: sandbox.baseUrl,
      model: "gpt-4o-mini",
      maxRetries: options.maxRetries ?? 0,
      timeoutMs: options.timeoutMs ?? 10_000,
    });

  it("answers the openai SDK with structured output following the JSON schema, and usage", async () => {
    const answer = await generator().complete(request);
    const json = JSON.parse(answer.content ?? "");
    expect(Object.keys(json.platforms)).toEqual(["vinted", "ebay", "etsy"]);
    for (const text of Object.values(json.platforms) as Record<string, unknown>[]) {
      expect(Object.keys(text).sort()).toEqual(["description", "keywords", "title"]);
      expect(typeof text.title).toBe("string");
      expect(Array.isArray(text.keywords)).toBe(true);
    }
    expect(json.platforms.vinted.title).toMatch(/^Jean \{brand\}/);
    expect(json.platforms.ebay.description).toMatch(/^- Marque : \{brand\}$/m);
    expect(answer.model).toBe("gpt-4o-mini");
    expect(answer.promptTokens).toBeGreaterThan(100);
    expect(answer.completionTokens).toBeGreaterThan(100);
    const log = await (await fetch(`${sandbox.url}/__sandbox/requests`)).json();
    expect(log).toMatchObject({
      calls: 1,
      promptTokens: answer.promptTokens,
      completionTokens: answer.completionTokens,
    });
  });

  it("fills any other schema with a valid instance, and answers plain text without one", async () => {
    const client = new OpenAI({ apiKey: "sk-test", baseURL: sandbox.baseUrl, maxRetries: 0 });
    const other = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hello" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "other",
          strict: true,
          schema: {
            type: "object",
            properties: {
              ok: { type: "boolean" },
              tags: { type: "array", items: { type: "string" } },
            },
          },
        },
      },
    });
    expect(JSON.parse(other.choices[0]?.message.content ?? "")).toEqual({
      ok: false,
      tags: ["sandbox"],
    });
    const plain = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(plain.choices[0]?.message.content).toContain("sandbox");
    expect(plain.usage?.total_tokens).toBe(
      (plain.usage?.prompt_tokens ?? 0) + (plain.usage?.completion_tokens ?? 0),
    );
  });

  it("refuses a wrong key and a malformed request like OpenAI", async () => {
    await expect(generator({ apiKey: "sk-wrong" }).complete(request)).rejects.toMatchObject({
      name: "ModelError",
      status: 401,
    });
    const res = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe(
      "invalid_request_error",
    );
  });

  it("answers 429 with Retry-After, then the SDK's retry gets through", async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "rate_limited", retryAfterSeconds: 0.2 }),
    });
    const answer = await generator({ maxRetries: 2 }).complete(request);
    expect(answer.content).toContain("platforms");
    const log = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as {
      byOutcome: Record<string, number>;
    };
    expect(log.byOutcome).toEqual({ rate_limited: 1, ok: 1 });
  });

  it("turns 500s beyond the retries, slow answers past the timeout and hangs into ModelErrors", async () => {
    const fault = (body: object) =>
      fetch(`${sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await fault({ type: "server_error", count: 2, status: 503 });
    const error = await generator({ maxRetries: 1 })
      .complete(request)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect(error.status).toBe(503);
    await fault({ type: "slow", delayMs: 2_000 });
    await expect(generator({ timeoutMs: 300 }).complete(request)).rejects.toBeInstanceOf(
      ModelError,
    );
    await fault({ type: "slow", delayMs: 200 });
    expect((await generator({ timeoutMs: 5_000 }).complete(request)).content).toContain(
      "platforms",
    );
    await fault({ type: "timeout", delayMs: 1_000 });
    await expect(generator({ timeoutMs: 5_000 }).complete(request)).rejects.toBeInstanceOf(
      ModelError,
    );
    await fault({ type: "malformed" });
    const malformed = await generator().complete(request);
    expect(() => JSON.parse(malformed.content ?? "")).toThrow();
  });
});
