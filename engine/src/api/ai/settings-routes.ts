import { z } from "zod";
import { deleteOverride, saveOverride, templatesOf } from "../../ai/prompt-templates.ts";
import { saveSettings, settingsOf } from "../../ai/settings.ts";
import type { EngineContext } from "../../context.ts";
import { defineOperation } from "../../http/operation.ts";
import { Prompt, Settings, Slot } from "./schemas.ts";

const MANAGERS = ["owner", "admin"] as const;
const SlotParam = z.strictObject({ platform: Slot });

export function aiSettingsOperations(ctx: EngineContext) {
  const db = ctx.database.db;
  const prompts = async (tenantId: number) => {
    const all = await templatesOf(db, tenantId);
    return Object.values(all).map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() }));
  };
  return [
    defineOperation({
      method: "get",
      path: "/api/v1/ai/settings",
      operationId: "getAiSettings",
      summary: "How the shop's texts are written: tone, length, emoji, language",
      tags: ["ai"],
      auth: "tenant",
      responses: { 200: { description: "The settings", schema: Settings } },
      handler: async ({ auth }) => ({ body: await settingsOf(db, auth.tenantId) }),
    }),
    defineOperation({
      method: "put",
      path: "/api/v1/ai/settings",
      operationId: "updateAiSettings",
      summary: "Change the tone, length, emoji preference or language of the shop's texts",
      tags: ["ai"],
      auth: "tenant",
      roles: [...MANAGERS],
      body: Settings.partial().strict(),
      responses: { 200: { description: "The new settings", schema: Settings } },
      handler: async ({ auth, body }) => ({ body: await saveSettings(db, auth.tenantId, body) }),
    }),
    defineOperation({
      method: "get",
      path: "/api/v1/ai/prompts",
      operationId: "listAiPrompts",
      summary: "The prompt templates in use: the shop's own, else the defaults",
      tags: ["ai"],
      auth: "tenant",
      responses: {
        200: {
          description: "system, vinted, ebay, etsy",
          schema: z.object({ items: z.array(Prompt) }).meta({ id: "AiPromptList" }),
        },
      },
      handler: async ({ auth }) => ({ body: { items: await prompts(auth.tenantId) } }),
    }),
    defineOperation({
      method: "put",
      path: "/api/v1/ai/prompts/{platform}",
      operationId: "updateAiPrompt",
      summary: "Use the shop's own prompt for a platform (or the system frame)",
      tags: ["ai"],
      auth: "tenant",
      roles: [...MANAGERS],
      params: SlotParam,
      body: z.strictObject({ template: z.string().trim().min(20).max(4000) }),
      responses: {
        200: { description: "Every template in use", schema: z.object({ items: z.array(Prompt) }) },
      },
      handler: async ({ auth, params, body }) => {
        await saveOverride(db, auth.tenantId, params.platform, body.template);
        return { body: { items: await prompts(auth.tenantId) } };
      },
    }),
    defineOperation({
      method: "delete",
      path: "/api/v1/ai/prompts/{platform}",
      operationId: "resetAiPrompt",
      summary: "Go back to the default prompt for a platform",
      tags: ["ai"],
      auth: "tenant",
      roles: [...MANAGERS],
      params: SlotParam,
      responses: {
        200: { description: "Every template in use", schema: z.object({ items: z.array(Prompt) }) },
      },
      handler: async ({ auth, params }) => {
        await deleteOverride(db, auth.tenantId, params.platform);
        return { body: { items: await prompts(auth.tenantId) } };
      },
    }),
  ];
}
