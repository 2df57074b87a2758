// inventoryAdjustQuantities as Shopify runs it since 2026-04: the @idempotent directive is
// required, a key replayed with the same input answers the first result without applying it
// again, and with another input is refused. Each change emits inventory_levels/update.

import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { gid, parseGid, type ShopState } from "./state.ts";
import { inventoryItemView, locationView } from "./views.ts";

const REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

function idempotencyKey(info: GraphQLResolveInfo): string | undefined {
  const directive = info.fieldNodes[0]?.directives?.find((d) => d.name.value === "idempotent");
  const arg = directive?.arguments?.find((a) => a.name.value === "key");
  if (!arg) return undefined;
  if (arg.value.kind === "StringValue") return arg.value.value;
  if (arg.value.kind === "Variable") {
    const value = info.variableValues[arg.value.name.value];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

export interface AdjustInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  changes: { delta: number; inventoryItemId: string; locationId: string }[];
}

export function inventoryMutations(state: ShopState) {
  const adjustments = new Map<string, { input: string; result: unknown }>();

  function adjust(input: AdjustInput) {
    const errors: { field: string[]; message: string; code: string }[] = [];
    if (!REASONS.has(input.reason)) {
      errors.push({
        field: ["input", "reason"],
        message: "The specified reason is invalid.",
        code: "INVALID_REASON",
      });
    }
    if (input.name !== "available" && input.name !== "on_hand") {
      errors.push({
        field: ["input", "name"],
        message: "The quantity name must be either 'available' or 'on_hand'.",
        code: "INVALID_QUANTITY_NAME",
      });
    }
    const targets = input.changes.map((change, i) => {
      const variant = state.inventoryItems.get(
        parseGid(change.inventoryItemId, "InventoryItem") ?? -1,
      );
      if (!variant) {
        errors.push({
          field: ["input", "changes", String(i), "inventoryItemId"],
          message: "The specified inventory item could not be found.",
          code: "INVALID_INVENTORY_ITEM",
        });
      }
      if (parseGid(change.locationId, "Location") !== state.location.id) {
        errors.push({
          field: ["input", "changes", String(i), "locationId"],
          message: "The specified location could not be found.",
          code: "INVALID_LOCATION",
        });
      }
      return { variant, change };
    });
    if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const changes = targets.map(({ variant, change }) => {
      if (variant) state.adjust(variant, change.delta);
      return {
        name: input.name,
        delta: change.delta,
        quantityAfterChange: variant?.available ?? null,
        item: variant ? inventoryItemView(state, variant) : null,
        location: locationView(state),
      };
    });
    return {
      inventoryAdjustmentGroup: {
        id: gid("InventoryAdjustmentGroup", state.id()),
        createdAt: new Date().toISOString(),
        reason: input.reason,
        referenceDocumentUri: input.referenceDocumentUri ?? null,
        changes,
      },
      userErrors: [],
    };
  }

  return {
    adjustQuantities: (
      { input }: { input: AdjustInput },
      _ctx: unknown,
      info: GraphQLResolveInfo,
    ) => {
      const key = idempotencyKey(info);
      if (!key) {
        throw new GraphQLError("The @idempotent directive is required for this mutation.", {
          extensions: { code: "BAD_REQUEST" },
        });
      }
      const fingerprint = JSON.stringify(input);
      const seen = adjustments.get(key);
      if (seen) {
        if (seen.input !== fingerprint) {
          throw new GraphQLError(
            "The idempotency key was already used with different parameters.",
            {
              extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" },
            },
          );
        }
        return seen.result;
      }
      const result = adjust(input);
      if (result.userErrors.length === 0) adjustments.set(key, { input: fingerprint, result });
      return result;
    },
  };
}
