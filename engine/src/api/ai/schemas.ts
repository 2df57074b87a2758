import { z } from "zod";
import { AI_LANGUAGES, AI_PLATFORMS } from "../../ai/platforms.ts";
import { TEMPLATE_SLOTS } from "../../ai/prompt-templates.ts";

export const Platform = z.enum(AI_PLATFORMS);
export const Language = z.enum(AI_LANGUAGES);
export const Platforms = z
  .array(Platform)
  .min(1)
  .max(AI_PLATFORMS.length)
  .default([...AI_PLATFORMS])
  .meta({ description: "The platforms to write for; all three when omitted" });

const PlatformText = z
  .object({
    title: z.string(),
    description: z.string(),
    keywords: z.array(z.string()),
    source: z.enum(["ai", "cache", "template"]).meta({
      description:
        "ai: written by the model now; cache: a model text for identical attributes; template: made without AI",
    }),
    fixes: z.array(z.string()).meta({ description: "What the platform rules changed" }),
  })
  .meta({ id: "AiPlatformText" });

export const Generation = z
  .object({
    id: z.uuid(),
    productId: z.uuid().nullable(),
    runId: z.uuid().nullable(),
    status: z.enum(["pending", "succeeded", "fallback", "failed"]),
    language: Language,
    platforms: z.array(Platform),
    texts: z.object({
      vinted: PlatformText.optional(),
      ebay: PlatformText.optional(),
      etsy: PlatformText.optional(),
    }),
    templateMade: z.boolean().meta({ description: "At least one text was made from a template" }),
    fallbackReason: z
      .enum(["no_key", "plan", "quota", "model_failed", "invalid_output"])
      .nullable(),
    cacheHit: z.boolean(),
    model: z.string().nullable(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    costMicros: z.number().int().meta({ description: "List-price cost in US dollars × 1,000,000" }),
    error: z.string().nullable(),
    appliedAt: z.iso.datetime().nullable(),
    appliedPlatform: Platform.nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "AiGeneration" });

export const Run = z
  .object({
    id: z.uuid(),
    status: z.enum(["running", "finished"]),
    platforms: z.array(Platform),
    language: Language.nullable(),
    apply: z.boolean(),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    cacheHits: z.number().int(),
    fallbacks: z.number().int(),
    progress: z.number().meta({ description: "0 to 1" }),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "AiRun" });

export const Settings = z
  .object({
    tone: z.enum(["friendly", "professional", "enthusiastic"]),
    length: z.enum(["short", "standard", "long"]),
    emoji: z.boolean(),
    language: Language.nullable().meta({ description: "null: the shop's locale" }),
  })
  .meta({ id: "AiSettings" });

export const Slot = z.enum(TEMPLATE_SLOTS);

export const Prompt = z
  .object({
    platform: Slot,
    template: z.string(),
    overridden: z.boolean(),
    defaultTemplate: z.string(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "AiPrompt" });
