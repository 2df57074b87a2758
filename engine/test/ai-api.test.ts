import { tenantSchema } from "@stoflow/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { wrongLanguage } from "../src/ai/language-check.ts";
import { PLATFORM_RULES } from "../src/ai/platforms.ts";
import { charCount } from "../src/ai/texts.ts";
import { type OpenAiSandbox, startOpenAiSandbox } from "../src/sandbox/openai/server.ts";
import { generateFor, sandboxCalls, sandboxControl } from "./support/ai.ts";
import {
  request,
  type SignedUp,
  setPlan,
  signUp,
  startTestEngine,
  type TestEngine,
} from "./support/engine.ts";
import { createProduct } from "./support/products.ts";

type Texts = Record<
  string,
  { title: string; description: string; keywords: string[]; source: string; fixes: string[] }
>;

function expectValidTexts(texts: Texts, language: "fr" | "en") {
  for (const [platform, text] of Object.entries(texts)) {
    const rule = PLATFORM_RULES[platform as keyof typeof PLATFORM_RULES];
    expect(charCount(text.title), platform).toBeLessThanOrEqual(rule.titleMax);
    expect(charCount(text.description), platform).toBeGreaterThanOrEqual(rule.descriptionMin);
    expect(charCount(text.description), platform).toBeLessThanOrEqual(rule.descriptionMax);
    expect(`${text.title}${text.description}`, platform).not.toMatch(/[{}]/);
    expect(wrongLanguage(text.description, language), platform).toBeUndefined();
  }
  expect(texts.ebay?.description).toMatch(/^- /m);
}

const DRESS = {
  title: "Robe rouge Sézane",
  brand: "Sézane",
  category: "femmes/vetements/robes",
  colors: ["rouge"],
  condition: "very_good",
  size: "M",
  material: "coton",
  price: 45,
};

describe("AI listing texts over the API, against the OpenAI sandbox", () => {
  let sandbox: OpenAiSandbox;
  let engine: TestEngine;
  let owner: SignedUp;
  beforeAll(async () => {
    sandbox = await startOpenAiSandbox();
    engine = await startTestEngine(
      {
        OPENAI_BASE_URL: sandbox.baseUrl,
        OPENAI_API_KEY: "sk-sandbox",
        STOFLOW_AI_MAX_RETRIES: "1",
      },
      { publishing: {}, ai: true },
    );
    owner = await signUp(engine, "Chez Léa");
    await setPlan(engine, owner.tenantId, "premium");
  });
  afterAll(async () => {
    await engine.close();
    await sandbox.close();
  });
  beforeEach(() => sandboxControl(sandbox, "reset"));
  const usage = async (who = owner) =>
    (await request(engine, "GET", "/api/v1/usage", { token: who.accessToken })).body;

  it("writes every platform's texts in one model call, in French by default and in English on request", async () => {
    const product = await createProduct(engine, owner.accessToken, DRESS);
    const fr = await generateFor(engine, owner, { productId: product.id });
    expect(fr.status).toBe(202);
    expect(fr.generation).toMatchObject({
      status: "succeeded",
      language: "fr",
      templateMade: false,
      cacheHit: false,
    });
    expect(Object.keys(fr.generation.texts).sort()).toEqual(["ebay", "etsy", "vinted"]);
    for (const text of Object.values(fr.generation.texts as Texts)) expect(text.source).toBe("ai");
    expectValidTexts(fr.generation.texts, "fr");
    expect(fr.generation.texts.vinted.title).toContain("Sézane");
    expect(fr.generation.texts.ebay.description).toContain("- Marque : Sézane");
    expect(await sandboxCalls(sandbox)).toBe(1);

    const en = await generateFor(engine, owner, {
      productId: product.id,
      language: "en",
      platforms: ["vinted", "ebay"],
    });
    expect(en.generation.language).toBe("en");
    expect(Object.keys(en.generation.texts).sort()).toEqual(["ebay", "vinted"]);
    expectValidTexts(en.generation.texts, "en");
    expect(en.generation.texts.ebay.description).toContain("- Brand: Sézane");
    expect(await sandboxCalls(sandbox)).toBe(2);

    const u = await usage();
    expect(u.aiGenerations).toEqual({ used: 2, max: 1000 });
    expect(u.ai).toMatchObject({ generations: 2, modelCalls: 2, cacheHits: 0, fallbacks: 0 });
    expect(u.ai.promptTokens).toBe(fr.generation.promptTokens + en.generation.promptTokens);
    // gpt-4o-mini list price: $0.15 / $0.60 per million tokens, i.e. micro-dollars per token.
    expect(fr.generation.costMicros).toBe(
      Math.round(fr.generation.promptTokens * 0.15 + fr.generation.completionTokens * 0.6),
    );
    expect(u.ai.costMicros).toBe(fr.generation.costMicros + en.generation.costMicros);
    expect(u.ai.costMicros).toBeGreaterThan(0);
  });

  it("answers at once from the shared cache for identical attributes at another price, with each seller's values", async () => {
    const first = await createProduct(engine, owner.accessToken, {
      ...DRESS,
      material: "laine",
      brand: "Maje",
      size: "M",
      price: 30,
    });
    await generateFor(engine, owner, { productId: first.id });
    expect(await sandboxCalls(sandbox)).toBe(1);
    const twin = await createProduct(engine, owner.accessToken, {
      ...DRESS,
      material: "laine",
      title: "Autre robe",
      brand: "MAJE",
      colors: ["Rouge"],
      size: "m",
      price: 80,
    });
    const hit = await generateFor(engine, owner, { productId: twin.id });
    expect(hit.status).toBe(200);
    expect(hit.generation).toMatchObject({
      status: "succeeded",
      cacheHit: true,
      promptTokens: 0,
      costMicros: 0,
    });
    for (const text of Object.values(hit.generation.texts as Texts))
      expect(text.source).toBe("cache");
    expect(hit.generation.texts.vinted.title).toContain("MAJE");
    expect(hit.generation.texts.vinted.title).toContain("rouge");
    // Another shop shares the cache: nothing personal is in it.
    const other = await signUp(engine, "Autre boutique");
    await setPlan(engine, other.tenantId, "premium");
    const theirs = await createProduct(engine, other.accessToken, {
      ...DRESS,
      material: "Laine",
      brand: "Sandro",
      price: 12,
    });
    expect((await generateFor(engine, other, { productId: theirs.id })).status).toBe(200);
    expect(await sandboxCalls(sandbox)).toBe(1);
    const { rows } = await engine.database.pool.query(
      "SELECT result::text AS r, hits FROM ai_cache",
    );
    for (const row of rows) expect(row.r).not.toMatch(/Maje|MAJE|Sézane|Chez Léa|30|80/);
    expect((await usage(other)).ai).toMatchObject({ cacheHits: 1, modelCalls: 0, generations: 1 });
  });

  it("falls back to templates when the model keeps failing, and gives the quota back", async () => {
    const before = (await usage()).aiGenerations.used;
    await sandboxControl(sandbox, "faults", { type: "server_error", count: 5, status: 500 });
    const product = await createProduct(engine, owner.accessToken, { ...DRESS, brand: "Kiabi" });
    const { generation } = await generateFor(engine, owner, { productId: product.id });
    expect(generation).toMatchObject({
      status: "fallback",
      fallbackReason: "model_failed",
      templateMade: true,
    });
    for (const text of Object.values(generation.texts as Texts))
      expect(text.source).toBe("template");
    expectValidTexts(generation.texts, "fr");
    expect(generation.texts.vinted.title).toContain("Kiabi");
    expect(await sandboxCalls(sandbox)).toBe(2); // one retry
    const after = await usage();
    expect(after.aiGenerations.used).toBe(before);
    expect(after.ai.fallbacks).toBeGreaterThanOrEqual(1);
  });

  it("repairs what it can of an adversarial answer and replaces the rest with templates", async () => {
    const long = `Robe {brand} très jolie, vue sur Leboncoin, détails sur www.example.com. ${"Elle tombe parfaitement et se porte en toute saison avec élégance. ".repeat(10)}`;
    const english =
      "This dress is in very good condition and you will love it. Perfect with your sneakers and with a denim jacket for the spring.";
    await sandboxControl(sandbox, "replies", {
      contents: [
        `Voici :\n\`\`\`json\n${JSON.stringify({
          platforms: {
            vinted: {
              title: "Robe {brand} rouge vintage",
              description: long,
              keywords: ["robe", "#depop"],
            },
            ebay: { title: "Red dress {brand}", description: english, keywords: ["dress"] },
          },
        })}\n\`\`\``,
      ],
    });
    const product = await createProduct(engine, owner.accessToken, { ...DRESS, brand: "Jennyfer" });
    const { generation } = await generateFor(engine, owner, { productId: product.id });
    expect(generation).toMatchObject({ status: "succeeded", templateMade: true });
    const { vinted, ebay, etsy } = generation.texts as Texts;
    expect(vinted?.source).toBe("ai");
    expect(vinted?.fixes).toEqual(
      expect.arrayContaining(["code_fence", "description_scrubbed", "description_cut"]),
    );
    expect(vinted?.description).not.toMatch(/leboncoin|example\.com/i);
    expect(vinted?.keywords).toEqual(["robe"]);
    expect(ebay).toMatchObject({
      source: "template",
      fixes: expect.arrayContaining(["wrong_language:en"]),
    });
    expect(etsy).toMatchObject({ source: "template", fixes: expect.arrayContaining(["missing"]) });
    expectValidTexts(generation.texts, "fr");
    // A partly template-made answer is not cached: the next request asks the model again.
    await sandboxControl(sandbox, "faults", {
      type: "malformed",
      content: "Désolé, je ne peux pas.",
    });
    const again = await generateFor(engine, owner, { productId: product.id });
    expect(again.status).toBe(202);
    expect(again.generation).toMatchObject({
      status: "fallback",
      fallbackReason: "invalid_output",
    });
    expect(again.generation.promptTokens).toBeGreaterThan(0);
  });

  it("keeps to each plan's generation quota and shows it in usage", async () => {
    const starter = await signUp(engine, "Starter shop");
    const cheap = await createProduct(engine, starter.accessToken, { ...DRESS, brand: "Promod" });
    const refused = await generateFor(engine, starter, { productId: cheap.id });
    expect(refused.status).toBe(200);
    expect(refused.generation).toMatchObject({ status: "fallback", fallbackReason: "plan" });

    const standard = await signUp(engine, "Standard shop");
    await setPlan(engine, standard.tenantId, "standard");
    await engine.database.pool.query(
      `INSERT INTO usage_counters (tenant_id, period, metric, value)
       VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 'ai_generations', 199)`,
      [standard.tenantId],
    );
    const a = await createProduct(engine, standard.accessToken, { ...DRESS, brand: "Camaïeu" });
    const last = await generateFor(engine, standard, { productId: a.id });
    expect(last.generation.status).toBe("succeeded");
    const b = await createProduct(engine, standard.accessToken, { ...DRESS, brand: "Naf Naf" });
    const over = await generateFor(engine, standard, { productId: b.id });
    expect(over.status).toBe(200);
    expect(over.generation).toMatchObject({
      status: "fallback",
      fallbackReason: "quota",
      templateMade: true,
    });
    expect((await usage(standard)).aiGenerations).toEqual({ used: 200, max: 200 });
    expect(await sandboxCalls(sandbox)).toBe(1);
  });

  it("runs many products in bulk with progress events, and applies the texts to the products", async () => {
    const shop = await signUp(engine, "Bulk shop");
    await setPlan(engine, shop.tenantId, "premium");
    const jeans = {
      title: "Jean",
      brand: "Bershka",
      category: "femmes/vetements/jeans",
      colors: ["noir"],
      condition: "good",
      size: "38",
      material: "denim",
      price: 12,
    };
    const products = [
      await createProduct(engine, shop.accessToken, jeans),
      await createProduct(engine, shop.accessToken, { ...jeans, price: 15, size: "40" }),
      await createProduct(engine, shop.accessToken, { ...jeans, brand: "Levi's" }),
      await createProduct(engine, shop.accessToken, {
        ...jeans,
        category: "hommes/chaussures/baskets",
        size: "43",
      }),
    ];
    const start = await request(engine, "POST", "/api/v1/ai/runs", {
      token: shop.accessToken,
      body: { productIds: products.map((p) => p.id), apply: true },
    });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    expect(start.body).toMatchObject({ status: "running", total: 4, done: 0, apply: true });
    const stream = await fetch(`${engine.url}/api/v1/ai/runs/${start.body.id}/events`, {
      headers: { authorization: `Bearer ${shop.accessToken}` },
    });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const events = (await stream.text())
      .split("\n\n")
      .filter(Boolean)
      .map((block) => ({
        event: /^event: (.+)$/m.exec(block)?.[1],
        data: JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? "null"),
      }));
    expect(
      events
        .filter((e) => e.event === "generation")
        .map((e) => e.data.productId)
        .sort(),
    ).toEqual(products.map((p) => p.id).sort());
    expect(events.some((e) => e.event === "progress")).toBe(true);
    expect(events.at(-1)).toMatchObject({
      event: "finished",
      data: { done: 4, failed: 0, progress: 1 },
    });
    const run = await request(engine, "GET", `/api/v1/ai/runs/${start.body.id}`, {
      token: shop.accessToken,
    });
    expect(run.body).toMatchObject({ status: "finished", done: 4, total: 4, cacheHits: 1 });
    expect(await sandboxCalls(sandbox)).toBe(3); // the two twins share one call
    for (const product of products) {
      const list = await request(engine, "GET", `/api/v1/ai/generations?productId=${product.id}`, {
        token: shop.accessToken,
      });
      const [latest] = list.body.items;
      expect(latest).toMatchObject({ appliedPlatform: "vinted", runId: start.body.id });
      const now = await request(engine, "GET", `/api/v1/products/${product.id}`, {
        token: shop.accessToken,
      });
      expect(now.body.title).toBe(latest.texts.vinted.title);
      expect(now.body.description).toBe(latest.texts.vinted.description);
    }
    const stranger = await request(engine, "POST", "/api/v1/ai/runs", {
      token: owner.accessToken,
      body: { productIds: [products[0]?.id] },
    });
    expect(stranger.status).toBe(404);
  });

  it("keeps texts as a suggestion until one platform's are applied", async () => {
    const product = await createProduct(engine, owner.accessToken, { ...DRESS, brand: "Sandro" });
    const { generation } = await generateFor(engine, owner, { productId: product.id });
    const untouched = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: owner.accessToken,
    });
    expect(untouched.body.title).toBe(DRESS.title);
    const applied = await request(engine, "POST", `/api/v1/ai/generations/${generation.id}/apply`, {
      token: owner.accessToken,
      body: { platform: "ebay" },
    });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ appliedPlatform: "ebay" });
    const now = await request(engine, "GET", `/api/v1/products/${product.id}`, {
      token: owner.accessToken,
    });
    expect(now.body.title).toBe(generation.texts.ebay.title);
    expect(now.body.description).toBe(generation.texts.ebay.description);
    const { rows } = await engine.database.pool.query(
      `INSERT INTO ${tenantSchema(owner.tenantId)}.ai_generations (product_id, platforms, language, status)
       VALUES ($1, '{vinted}', 'fr', 'pending') RETURNING id`,
      [product.id],
    );
    const pending = await request(engine, "POST", `/api/v1/ai/generations/${rows[0].id}/apply`, {
      token: owner.accessToken,
      body: {},
    });
    expect(pending.status).toBe(409);
    expect(pending.headers.get("content-type")).toContain("application/problem+json");
  });

  it("applies the shop's tone, length and emoji preference, and its own prompts", async () => {
    const shop = await signUp(engine, "Styled shop");
    await setPlan(engine, shop.tenantId, "premium");
    const settings = await request(engine, "PUT", "/api/v1/ai/settings", {
      token: shop.accessToken,
      body: { emoji: true, length: "short", tone: "professional" },
    });
    expect(settings.body).toEqual({
      emoji: true,
      length: "short",
      tone: "professional",
      language: null,
    });
    const product = await createProduct(engine, shop.accessToken, { ...DRESS, brand: "Ba&sh" });
    const styled = (await generateFor(engine, shop, { productId: product.id })).generation
      .texts as Texts;
    expect(styled.vinted?.description).toMatch(/^👗 /u);
    expect(styled.ebay?.description).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(charCount(styled.etsy?.description ?? "")).toBeLessThanOrEqual(
      PLATFORM_RULES.etsy.descriptionTarget.short,
    );
    expect(await sandboxCalls(sandbox)).toBe(1);

    const own =
      "Vinted: write like a collector: title with {brand} first; description 200 to 300 characters; keywords: 5 words.";
    const put = await request(engine, "PUT", "/api/v1/ai/prompts/vinted", {
      token: shop.accessToken,
      body: { template: own },
    });
    expect(put.status).toBe(200);
    expect(put.body.items.find((p: { platform: string }) => p.platform === "vinted")).toMatchObject(
      { template: own, overridden: true },
    );
    await generateFor(engine, shop, { productId: product.id });
    expect(await sandboxCalls(sandbox)).toBe(2); // a new prompt never reuses the old prompt's texts
    const reset = await request(engine, "DELETE", "/api/v1/ai/prompts/vinted", {
      token: shop.accessToken,
    });
    expect(
      reset.body.items.find((p: { platform: string }) => p.platform === "vinted").overridden,
    ).toBe(false);
    expect((await generateFor(engine, shop, { productId: product.id })).status).toBe(200);
  });
});

describe("AI listing texts without an API key", () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine.close());

  it("gives usable template texts at once, in French or English, marked as template-made", async () => {
    const owner = await signUp(engine);
    await setPlan(engine, owner.tenantId, "premium");
    const product = await createProduct(engine, owner.accessToken, DRESS);
    for (const language of ["fr", "en"] as const) {
      const { status, generation } = await generateFor(engine, owner, {
        productId: product.id,
        ...(language === "en" ? { language } : {}),
      });
      expect(status).toBe(200);
      expect(generation).toMatchObject({
        status: "fallback",
        fallbackReason: "no_key",
        templateMade: true,
        language,
      });
      expectValidTexts(generation.texts, language);
      expect(generation.texts.vinted.title).toContain("Sézane");
    }
    const missing = await request(engine, "POST", "/api/v1/ai/generate-description", {
      token: owner.accessToken,
      body: { productId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.status).toBe(404);
    expect(
      (await request(engine, "GET", "/api/v1/usage", { token: owner.accessToken })).body
        .aiGenerations.used,
    ).toBe(0);
  });
});
