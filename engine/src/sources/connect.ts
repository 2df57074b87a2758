// Connecting a shop: its credentials are tried (the shop's currency read on the way), stored in
// the vault with a fresh webhook secret, and its webhooks registered. A shop that cannot reach
// Stoflow (a laptop behind NAT) still connects: changes then arrive with the periodic sync.
import { randomBytes } from "node:crypto";
import { tenant, withTenant } from "@stoflow/db";
import { eq } from "drizzle-orm";
import type { ImportDeps } from "./import-run.ts";
import { sourceOf } from "./registry.ts";
import type { SourceConnection, SourceKind } from "./source.ts";

const { catalogSources, sourceStates, sourceWebhooks } = tenant;

export interface ConnectInput {
  kind: SourceKind;
  baseUrl: string;
  credentials: Record<string, string>;
  label?: string;
}

export interface Connected {
  source: typeof catalogSources.$inferSelect;
  webhooks: number;
  webhookError: string | null;
}

/** Where a shop delivers webhooks for a source. */
export const deliveryPath = (tenantId: number, sourceId: string) =>
  `/api/v1/webhooks/sources/${tenantId}/${sourceId}`;

export async function connectSource(
  deps: Pick<ImportDeps, "db" | "vault" | "sources" | "log">,
  tenantId: number,
  input: ConnectInput,
  publicUrl: string,
): Promise<Connected> {
  const provider = sourceOf(deps.sources, input.kind);
  const baseUrl = input.baseUrl.replace(/\/+$/, "");
  const credentials = {
    ...input.credentials,
    webhookSecret: randomBytes(24).toString("base64url"),
  };
  const probe: SourceConnection = {
    tenantId,
    sourceId: "",
    kind: input.kind,
    baseUrl,
    credentials,
    currency: "EUR",
  };
  // SourceError "auth" when the keys do not work: nothing is stored.
  const described = await provider.describe(probe);
  const ciphertext = await deps.vault.encrypt(tenantId, JSON.stringify(credentials));
  const source = await withTenant(deps.db, tenantId, async (tx) => {
    const [row] = await tx
      .insert(catalogSources)
      .values({
        kind: input.kind,
        label: input.label ?? described.label,
        baseUrl,
        credentialsCiphertext: ciphertext,
        status: "connected",
      })
      .onConflictDoUpdate({
        target: [catalogSources.kind, catalogSources.baseUrl],
        set: {
          credentialsCiphertext: ciphertext,
          status: "connected",
          ...(input.label ? { label: input.label } : {}),
          updatedAt: new Date(),
        },
      })
      .returning();
    const saved = row as typeof catalogSources.$inferSelect;
    await tx
      .insert(sourceStates)
      .values({ sourceId: saved.id, currency: described.currency })
      .onConflictDoUpdate({ target: sourceStates.sourceId, set: { currency: described.currency } });
    return saved;
  });
  const conn = { ...probe, sourceId: source.id, currency: described.currency };
  let webhooks = 0;
  let webhookError: string | null = null;
  try {
    const old = await withTenant(deps.db, tenantId, (tx) =>
      tx.select().from(sourceWebhooks).where(eq(sourceWebhooks.sourceId, source.id)),
    );
    await provider
      .unregisterWebhooks(
        conn,
        old.map((w) => ({ topic: w.topic, externalId: w.externalId })),
      )
      .catch(() => {});
    const made = await provider.registerWebhooks(
      conn,
      `${publicUrl.replace(/\/+$/, "")}${deliveryPath(tenantId, source.id)}`,
    );
    await withTenant(deps.db, tenantId, async (tx) => {
      await tx.delete(sourceWebhooks).where(eq(sourceWebhooks.sourceId, source.id));
      if (made.length > 0) {
        await tx
          .insert(sourceWebhooks)
          .values(
            made.map((w) => ({ sourceId: source.id, topic: w.topic, externalId: w.externalId })),
          );
      }
    });
    webhooks = made.length;
  } catch (error) {
    webhookError = `Webhooks could not be registered (${(error as Error).message}); changes will arrive with the periodic sync.`;
    deps.log.warn(
      { tenantId, sourceId: source.id, reason: (error as Error).message },
      "Webhook registration failed",
    );
    await withTenant(deps.db, tenantId, (tx) =>
      tx
        .update(sourceStates)
        .set({ lastError: webhookError, lastErrorAt: new Date() })
        .where(eq(sourceStates.sourceId, source.id)),
    );
  }
  return { source, webhooks, webhookError };
}
