// A webhook delivery from a shop: the source found from the URL, the signature checked on the
// raw body (401 and nothing changed when it does not match), then each event applied with last
// write wins, in one transaction. A delivery id seen before (a retry, a replay) is answered 200
// without being applied again; late and out-of-order deliveries change nothing either.
import { InvalidTenantIdError, TenantNotFoundError, tenant, withTenant } from "@stoflow/db";
import { and, eq, lt } from "drizzle-orm";
import { planOf } from "../plans/plan.ts";
import { loadSource, SourceNotFound } from "./connection.ts";
import type { ImportDeps } from "./import-run.ts";
import { effectiveMapping } from "./mapping.ts";
import { sourceOf } from "./registry.ts";
import { applyOrder, applyStock, markDeleted } from "./shop-changes.ts";
import type { WebhookDelivery } from "./source.ts";
import { type StoreTarget, storeProducts } from "./store-products.ts";

/** Shops retry a delivery for hours (Shopify: 8 times over 4 hours); ids are kept a week. */
const DELIVERY_MEMORY_MS = 7 * 24 * 3600_000;

/** The shop's id of this delivery, the same on every retry of it. */
function deliveryIdOf(delivery: WebhookDelivery): string | undefined {
  const id =
    delivery.headers["x-shopify-webhook-id"] ?? delivery.headers["x-wc-webhook-delivery-id"];
  return id && id.length <= 200 ? id : undefined;
}

async function seenBefore(
  deps: ImportDeps,
  tenantId: number,
  sourceId: string,
  deliveryId: string,
) {
  const [row] = await withTenant(deps.db, tenantId, (tx) =>
    tx
      .select({ id: tenant.sourceDeliveries.deliveryId })
      .from(tenant.sourceDeliveries)
      .where(
        and(
          eq(tenant.sourceDeliveries.sourceId, sourceId),
          eq(tenant.sourceDeliveries.deliveryId, deliveryId),
        ),
      ),
  );
  return row !== undefined;
}

export type DeliveryOutcome =
  | { status: 200; applied: number; delisted: number }
  | { status: 401 | 404; reason: string };

export async function handleDelivery(
  deps: ImportDeps,
  tenantId: number,
  sourceId: string,
  delivery: WebhookDelivery,
): Promise<DeliveryOutcome> {
  let loaded: Awaited<ReturnType<typeof loadSource>>;
  try {
    loaded = await loadSource(deps, tenantId, sourceId);
  } catch (error) {
    // An unknown tenant or source: the same answer, nothing revealed.
    if (
      error instanceof SourceNotFound ||
      error instanceof TenantNotFoundError ||
      error instanceof InvalidTenantIdError
    )
      return { status: 404, reason: "No such source." };
    throw error;
  }
  const provider = sourceOf(deps.sources, loaded.row.kind);
  if (!provider.verifyWebhook(loaded.conn, delivery))
    return { status: 401, reason: "The signature does not match." };
  const deliveryId = deliveryIdOf(delivery);
  if (deliveryId && (await seenBefore(deps, tenantId, sourceId, deliveryId)))
    return { status: 200, applied: 0, delisted: 0 };
  const events = await provider.parseWebhook(loaded.conn, delivery);
  const mapping = effectiveMapping(loaded.row.mapping);
  const plan = await planOf(deps.db, tenantId);
  return withTenant(deps.db, tenantId, async (tx) => {
    if (deliveryId) {
      // Recorded with the delivery's effects: a delivery that failed is not taken as done.
      const [fresh] = await tx
        .insert(tenant.sourceDeliveries)
        .values({ sourceId, deliveryId })
        .onConflictDoNothing()
        .returning({ id: tenant.sourceDeliveries.deliveryId });
      if (!fresh) return { status: 200 as const, applied: 0, delisted: 0 };
      await tx
        .delete(tenant.sourceDeliveries)
        .where(
          and(
            eq(tenant.sourceDeliveries.sourceId, sourceId),
            lt(tenant.sourceDeliveries.receivedAt, new Date(Date.now() - DELIVERY_MEMORY_MS)),
          ),
        );
    }
    const t: StoreTarget = {
      tx,
      tenantId,
      sourceId,
      currency: loaded.conn.currency,
      mapping,
      runId: null,
      requester: deps.requester,
      actor: `webhook:${loaded.row.kind}`,
      plan,
    };
    let applied = 0;
    let delisted = 0;
    for (const event of events) {
      if (event.type === "product.upsert") {
        const r = await storeProducts(t, [event.product]);
        applied += r.written;
        delisted += r.delisted;
      } else if (event.type === "product.deleted") {
        delisted += await markDeleted(t, event.ref, event.at);
        applied++;
      } else if (event.type === "order.created") {
        const r = await applyOrder(t, event.orderRef, event.lines);
        if (!r.duplicate) applied++;
        delisted += r.delisted;
      } else if (event.type === "stock.set") {
        delisted += await applyStock(
          t,
          event.productRef,
          event.variantRef,
          event.quantity,
          event.at,
        );
        applied++;
      }
    }
    const topic = delivery.headers["x-wc-webhook-topic"] ?? delivery.headers["x-shopify-topic"];
    if (topic) {
      await tx
        .update(tenant.sourceWebhooks)
        .set({ lastDeliveryAt: new Date() })
        .where(
          and(eq(tenant.sourceWebhooks.sourceId, sourceId), eq(tenant.sourceWebhooks.topic, topic)),
        );
    }
    return { status: 200 as const, applied, delisted };
  });
}
