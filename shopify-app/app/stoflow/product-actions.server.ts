// The products page's row and bulk actions, each one engine call (or one per listing for a
// delist, since listings are delisted one by one).
import type { StoflowClient } from "@stoflow/client";
import { must } from "./problems";

export type ProductIntent = "publish" | "delist" | "ai";

export async function publishOnVinted(engine: StoflowClient, productIds: string[]) {
  const answer = must(
    await engine.POST("/api/v1/products/publish", {
      body: { productIds, platforms: ["vinted"] },
    }),
  );
  return answer.listings.length;
}

/** Delists every live listing of the products; returns how many were asked to go. */
export async function delistProducts(engine: StoflowClient, productIds: string[]) {
  let count = 0;
  for (const productId of productIds) {
    const page = must(
      await engine.GET("/api/v1/listings", {
        params: { query: { productId, state: "published", limit: 50 } },
      }),
    );
    for (const listing of page.items) {
      must(
        await engine.POST("/api/v1/listings/{id}/delist", {
          params: { path: { id: listing.id } },
        }),
      );
      count++;
    }
  }
  return count;
}

export async function writeTexts(engine: StoflowClient, productIds: string[]) {
  const run = must(await engine.POST("/api/v1/ai/runs", { body: { productIds } }));
  return run.total;
}

export async function runProductAction(
  engine: StoflowClient,
  intent: ProductIntent,
  productIds: string[],
) {
  if (intent === "publish") return publishOnVinted(engine, productIds);
  if (intent === "delist") return delistProducts(engine, productIds);
  return writeTexts(engine, productIds);
}
