// A shop's writing preferences (ai_settings), applied after the cache.
import { control, type Db } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import { type AiLanguage, isAiLanguage } from "./platforms.ts";

export type Tone = (typeof control.AI_TONES)[number];
export type Length = (typeof control.AI_LENGTHS)[number];

export interface AiSettings {
  tone: Tone;
  length: Length;
  emoji: boolean;
  /** null: the shop's locale. */
  language: AiLanguage | null;
}

export const DEFAULT_SETTINGS: AiSettings = {
  tone: "friendly",
  length: "standard",
  emoji: false,
  language: null,
};

export async function settingsOf(db: Db, tenantId: number): Promise<AiSettings> {
  const [row] = await db
    .select()
    .from(control.aiSettings)
    .where(eq(control.aiSettings.tenantId, tenantId));
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    tone: row.tone as Tone,
    length: row.length as Length,
    emoji: row.emoji,
    language: row.language && isAiLanguage(row.language) ? row.language : null,
  };
}

export async function saveSettings(
  db: Db,
  tenantId: number,
  patch: Partial<AiSettings>,
): Promise<AiSettings> {
  const next = { ...(await settingsOf(db, tenantId)), ...patch };
  await db
    .insert(control.aiSettings)
    .values({ tenantId, ...next })
    .onConflictDoUpdate({
      target: control.aiSettings.tenantId,
      set: { ...next, updatedAt: sql`now()` },
    });
  return next;
}

/** The language texts are written in: asked for, else the shop's setting, else its locale. */
export async function languageFor(
  db: Db,
  tenantId: number,
  asked: AiLanguage | undefined,
  settings: AiSettings,
): Promise<AiLanguage> {
  if (asked) return asked;
  if (settings.language) return settings.language;
  const [row] = await db
    .select({ locale: control.tenants.locale })
    .from(control.tenants)
    .where(eq(control.tenants.id, tenantId));
  const locale = (row?.locale ?? "fr").slice(0, 2);
  return isAiLanguage(locale) ? locale : "en";
}
