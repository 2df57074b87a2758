// Prompt templates: defaults (tenant_id NULL, seeded by a migration) and each shop's
// overrides, per platform plus the shared `system` frame. Their text decides the prompt
// version, part of the cache key: an edited prompt never reuses texts of the old one.
import { createHash } from "node:crypto";
import { control, type Db } from "@stoflow/db";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { AiPlatform } from "./platforms.ts";

export const TEMPLATE_SLOTS = ["system", "vinted", "ebay", "etsy"] as const;
export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number];

export interface TemplateView {
  platform: TemplateSlot;
  template: string;
  /** The shop's own text (else the default). */
  overridden: boolean;
  defaultTemplate: string;
  updatedAt: Date;
}

export async function templatesOf(
  db: Db,
  tenantId: number,
): Promise<Record<TemplateSlot, TemplateView>> {
  const t = control.aiPromptTemplates;
  const rows = await db
    .select()
    .from(t)
    .where(or(isNull(t.tenantId), eq(t.tenantId, tenantId)));
  const out = {} as Record<TemplateSlot, TemplateView>;
  for (const slot of TEMPLATE_SLOTS) {
    const base = rows.find((r) => r.platform === slot && r.tenantId === null);
    const own = rows.find((r) => r.platform === slot && r.tenantId === tenantId);
    if (!base) throw new Error(`No default AI prompt for "${slot}"; run the migrations.`);
    const used = own ?? base;
    out[slot] = {
      platform: slot,
      template: used.template,
      overridden: Boolean(own),
      defaultTemplate: base.template,
      updatedAt: used.updatedAt,
    };
  }
  return out;
}

export async function saveOverride(db: Db, tenantId: number, slot: TemplateSlot, template: string) {
  const t = control.aiPromptTemplates;
  await db
    .insert(t)
    .values({ tenantId, platform: slot, template })
    .onConflictDoUpdate({
      target: [t.tenantId, t.platform],
      set: { template, version: sql`${t.version} + 1`, updatedAt: sql`now()` },
    });
}

export async function deleteOverride(db: Db, tenantId: number, slot: TemplateSlot) {
  const t = control.aiPromptTemplates;
  await db.delete(t).where(and(eq(t.tenantId, tenantId), eq(t.platform, slot)));
}

const PROMPT_FORMAT = "2";

/** A short hash of the texts a request's prompt is built from. */
export function promptVersion(
  templates: Record<TemplateSlot, TemplateView>,
  platforms: AiPlatform[],
): string {
  // PROMPT_FORMAT: bump when the code-built part of the prompt (prompt.ts) changes.
  const hash = createHash("sha256").update(`${PROMPT_FORMAT}\u0000${templates.system.template}`);
  for (const p of [...platforms].sort()) hash.update(`\u0000${p}\u0000${templates[p].template}`);
  return `p1-${hash.digest("hex").slice(0, 16)}`;
}
