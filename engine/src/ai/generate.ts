// One product's texts for every requested platform: from the shared cache, from one model
// call, or from the templates; always usable, each text marked with where it came from.
import type { Db } from "@stoflow/db";
import type { Logger } from "../logger.ts";
import { planOf } from "../plans/plan.ts";
import {
  cacheKey,
  type NormalisedAttributes,
  normaliseAttributes,
  type ProductFacts,
} from "./attributes.ts";
import { readCache, writeCache } from "./cache.ts";
import {
  fillerSentences,
  templateBullets,
  templateText,
  templateTitle,
} from "./fallback/templates.ts";
import type { TextGenerator } from "./generator.ts";
import { wrongLanguage } from "./language-check.ts";
import { recordLedger } from "./ledger.ts";
import { parseModelOutput } from "./parse-output.ts";
import {
  fillPlaceholders,
  type PlaceholderValues,
  personalise,
  placeholderValues,
} from "./personalise.ts";
import { enforcePlatformRules, type RuleContext } from "./platform-rules.ts";
import { type AiLanguage, type AiPlatform, PLATFORM_RULES } from "./platforms.ts";
import { costMicros } from "./pricing.ts";
import { buildRequest } from "./prompt.ts";
import {
  promptVersion,
  type TemplateSlot,
  type TemplateView,
  templatesOf,
} from "./prompt-templates.ts";
import { giveBackGeneration, peekRefusal, takeGeneration } from "./quota.ts";
import { type AiSettings, languageFor, settingsOf } from "./settings.ts";
import type { ListingText, PlatformText, TextSource } from "./texts.ts";

export interface AiDeps {
  db: Db;
  log: Logger;
  /** Absent without OPENAI_API_KEY / OPENAI_BASE_URL: templates only. */
  generator: TextGenerator | undefined;
  cache: boolean;
  /** Model calls under way in this process, by cache key: a twin waits and reads the cache. */
  inflight?: Map<string, Promise<unknown>>;
}

export interface Prepared {
  tenantId: number;
  facts: ProductFacts;
  attributes: NormalisedAttributes;
  language: AiLanguage;
  platforms: AiPlatform[];
  settings: AiSettings;
  templates: Record<TemplateSlot, TemplateView>;
  promptVersion: string;
  key: string;
}

export type FallbackReason = "no_key" | "plan" | "quota" | "model_failed" | "invalid_output";

export interface Outcome {
  status: "succeeded" | "fallback";
  texts: Partial<Record<AiPlatform, PlatformText>>;
  language: AiLanguage;
  cacheHit: boolean;
  model: string | null;
  promptVersion: string;
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  /** Why templates were used, if they were. */
  reason: FallbackReason | null;
  error: string | null;
}

export function prepare(
  facts: ProductFacts,
  context: {
    tenantId: number;
    platforms: AiPlatform[];
    language: AiLanguage;
    settings: AiSettings;
    templates: Record<TemplateSlot, TemplateView>;
  },
): Prepared {
  const attributes = normaliseAttributes(facts);
  const platforms = [...new Set(context.platforms)];
  const version = promptVersion(context.templates, platforms);
  return {
    ...context,
    facts,
    attributes,
    platforms,
    promptVersion: version,
    key: cacheKey({
      attributes,
      language: context.language,
      platforms,
      style: context.settings.tone,
      promptVersion: version,
    }),
  };
}

/** Settings, language and templates of a shop, read once for any number of products. */
export async function shopContext(
  db: Db,
  tenantId: number,
  platforms: AiPlatform[],
  language?: AiLanguage,
) {
  const settings = await settingsOf(db, tenantId);
  return {
    tenantId,
    platforms,
    settings,
    language: await languageFor(db, tenantId, language, settings),
    templates: await templatesOf(db, tenantId),
  };
}

interface Draft {
  text: ListingText;
  source: TextSource;
  fixes: string[];
}

function ruleContext(p: Prepared, platform: AiPlatform, values?: PlaceholderValues): RuleContext {
  const fill = (s: string) => (values ? fillPlaceholders(s, values) : s);
  const ctx: RuleContext = {
    platform,
    filler: fillerSentences(p.language, p.settings.tone).map(fill),
    bullets: templateBullets(p.attributes, p.language).map(fill),
    fallbackTitle: fill(templateTitle(p.attributes, p.language)),
  };
  if (values) ctx.targetLength = PLATFORM_RULES[platform].descriptionTarget[p.settings.length];
  return ctx;
}

function templateDraft(p: Prepared, platform: AiPlatform, fixes: string[] = []): Draft {
  const raw = templateText(platform, p.attributes, p.language, p.settings.tone);
  const ruled = enforcePlatformRules(raw, ruleContext(p, platform));
  return { text: ruled.text, source: "template", fixes: [...fixes, ...ruled.fixes] };
}

/** The seller's values in, emoji preference and length applied, the rules checked again. */
function finish(p: Prepared, drafts: Partial<Record<AiPlatform, Draft>>) {
  const values = placeholderValues(p.facts, p.language);
  const texts: Outcome["texts"] = {};
  for (const platform of p.platforms) {
    const draft = drafts[platform] ?? templateDraft(p, platform, ["missing"]);
    const personal = personalise(draft.text, values, {
      platform,
      item: p.attributes.item,
      emoji: p.settings.emoji,
    });
    const ruled = enforcePlatformRules(personal, ruleContext(p, platform, values));
    texts[platform] = {
      ...ruled.text,
      source: draft.source,
      fixes: [...new Set([...draft.fixes, ...ruled.fixes])],
    };
  }
  return texts;
}

function base(p: Prepared): Omit<Outcome, "status" | "texts" | "reason"> {
  return {
    language: p.language,
    cacheHit: false,
    model: null,
    promptVersion: p.promptVersion,
    promptTokens: 0,
    completionTokens: 0,
    costMicros: 0,
    error: null,
  };
}

async function fallback(
  deps: AiDeps,
  p: Prepared,
  reason: FallbackReason,
  extra: Partial<Outcome> = {},
): Promise<Outcome> {
  const drafts = Object.fromEntries(p.platforms.map((pl) => [pl, templateDraft(p, pl)]));
  await recordLedger(deps.db, p.tenantId, {
    fallbacks: 1,
    modelCalls: extra.model ? 1 : 0,
    promptTokens: extra.promptTokens ?? 0,
    completionTokens: extra.completionTokens ?? 0,
    costMicros: extra.costMicros ?? 0,
  });
  return { ...base(p), ...extra, status: "fallback", reason, texts: finish(p, drafts) };
}

async function cached(deps: AiDeps, p: Prepared): Promise<Outcome | "refused" | undefined> {
  if (!deps.cache) return undefined;
  const hit = await readCache(deps.db, p.key);
  if (!hit || !p.platforms.every((pl) => hit[pl])) return undefined;
  if (await takeGeneration(deps.db, p.tenantId)) return "refused";
  await recordLedger(deps.db, p.tenantId, { generations: 1, cacheHits: 1 });
  const drafts = Object.fromEntries(
    p.platforms.map((pl) => [pl, { text: hit[pl] as ListingText, source: "cache", fixes: [] }]),
  );
  return {
    ...base(p),
    status: "succeeded",
    cacheHit: true,
    reason: null,
    texts: finish(p, drafts),
  };
}

/** Without asking the model: a cache hit, or templates when no model may be asked. */
export async function generateInstantly(deps: AiDeps, p: Prepared): Promise<Outcome | undefined> {
  if (!deps.generator) return fallback(deps, p, "no_key");
  const hit = await cached(deps, p);
  if (hit === "refused") return fallback(deps, p, await refusalOf(deps.db, p.tenantId));
  if (hit) return hit;
  const refusal = await peekRefusal(deps.db, p.tenantId);
  return refusal ? fallback(deps, p, refusal) : undefined;
}

async function refusalOf(db: Db, tenantId: number): Promise<FallbackReason> {
  return (await planOf(db, tenantId)).aiDescriptions ? "quota" : "plan";
}

/** The whole path: cache, quota, one model call, repair and rules, templates where needed. */
export async function generate(deps: AiDeps, p: Prepared): Promise<Outcome> {
  if (!deps.cache || !deps.inflight) return generateOnce(deps, p);
  // Registered before any await: of twins started together, one asks the model and the
  // others wait for it, then find its texts in the cache.
  const twin = deps.inflight.get(p.key);
  if (twin) {
    await twin.catch(() => {});
    return generateOnce(deps, p);
  }
  const run = generateOnce(deps, p);
  deps.inflight.set(p.key, run);
  try {
    return await run;
  } finally {
    if (deps.inflight.get(p.key) === run) deps.inflight.delete(p.key);
  }
}

async function generateOnce(deps: AiDeps, p: Prepared): Promise<Outcome> {
  return (await generateInstantly(deps, p)) ?? callModel(deps, p);
}

async function callModel(deps: AiDeps, p: Prepared): Promise<Outcome> {
  const generator = deps.generator as TextGenerator;
  const refusal = await takeGeneration(deps.db, p.tenantId);
  if (refusal) return fallback(deps, p, refusal);
  let answer: Awaited<ReturnType<TextGenerator["complete"]>>;
  try {
    answer = await generator.complete(
      buildRequest({
        attributes: p.attributes,
        language: p.language,
        platforms: p.platforms,
        tone: p.settings.tone,
        templates: p.templates,
      }),
    );
  } catch (error) {
    await giveBackGeneration(deps.db, p.tenantId);
    deps.log.warn({ err: error, tenantId: p.tenantId }, "AI model call failed; using templates");
    return fallback(deps, p, "model_failed", { error: (error as Error).message });
  }
  const usage = {
    model: answer.model,
    promptTokens: answer.promptTokens,
    completionTokens: answer.completionTokens,
    costMicros: costMicros(answer.model, answer.promptTokens, answer.completionTokens),
  };
  const parsed = parseModelOutput(answer.content, p.platforms);
  const drafts: Partial<Record<AiPlatform, Draft>> = {};
  for (const platform of p.platforms) {
    const raw = parsed.texts[platform];
    if (!raw) {
      drafts[platform] = templateDraft(p, platform, ["missing"]);
      continue;
    }
    const ruled = enforcePlatformRules(raw, ruleContext(p, platform));
    const other = wrongLanguage(`${ruled.text.title}. ${ruled.text.description}`, p.language);
    drafts[platform] = other
      ? templateDraft(p, platform, [`wrong_language:${other}`])
      : {
          text: ruled.text,
          source: "ai",
          fixes: [...parsed.repairs.filter((r) => !r.startsWith("missing_")), ...ruled.fixes],
        };
  }
  const fromModel = p.platforms.filter((pl) => drafts[pl]?.source === "ai");
  if (fromModel.length === 0) {
    await giveBackGeneration(deps.db, p.tenantId);
    return fallback(deps, p, "invalid_output", {
      ...usage,
      error: `Unusable model answer (${parsed.repairs.join(", ")})`,
    });
  }
  if (deps.cache && fromModel.length === p.platforms.length) {
    await writeCache(deps.db, {
      key: p.key,
      promptVersion: p.promptVersion,
      language: p.language,
      platforms: p.platforms,
      texts: Object.fromEntries(p.platforms.map((pl) => [pl, drafts[pl]?.text])),
      model: answer.model,
    });
  }
  await recordLedger(deps.db, p.tenantId, { generations: 1, modelCalls: 1, ...usage });
  return { ...base(p), ...usage, status: "succeeded", reason: null, texts: finish(p, drafts) };
}
