// The shared cache of model texts (control plane, ai_cache): keyed by cacheKey(), holding
// texts with placeholders only, so one entry serves every shop with the same attributes.
import { control, type Db } from "@stoflow/db";
import { eq, sql } from "drizzle-orm";
import type { AiLanguage, AiPlatform } from "./platforms.ts";
import type { ListingText } from "./texts.ts";

export type CachedTexts = Partial<Record<AiPlatform, ListingText>>;

/** The cached texts for a key, counting the hit; undefined on a miss. */
export async function readCache(db: Db, key: string): Promise<CachedTexts | undefined> {
  const [row] = await db
    .update(control.aiCache)
    .set({ hits: sql`${control.aiCache.hits} + 1`, lastHitAt: sql`now()` })
    .where(eq(control.aiCache.key, key))
    .returning({ result: control.aiCache.result });
  return row ? (row.result as CachedTexts) : undefined;
}

export async function writeCache(
  db: Db,
  entry: {
    key: string;
    promptVersion: string;
    language: AiLanguage;
    platforms: AiPlatform[];
    texts: CachedTexts;
    model: string;
  },
): Promise<void> {
  await db
    .insert(control.aiCache)
    .values({
      key: entry.key,
      promptVersion: entry.promptVersion,
      language: entry.language,
      platforms: [...entry.platforms].sort(),
      result: entry.texts,
      model: entry.model,
    })
    .onConflictDoNothing();
}
