// The floor under the pipeline: the Vinted channel's publish alone (photo upload, then item
// creation, over real HTTP to the same sandbox process), no database, no queue. Whatever the
// pipeline does around these two calls can only cost more, so this bounds publishes/s here.
import { performance } from "node:perf_hooks";
import type { ChannelSession, ListingPayload } from "../../engine/src/channels/channel.ts";
import { enginePorts } from "../../engine/src/pipeline/wiring.ts";
import type { RunResult } from "./measure.ts";
import type { EngineParts, Shop } from "./world.ts";

export async function measureHttpFloor(
  parts: EngineParts,
  sandboxUrl: string,
  targets: { shop: Shop; productId: string }[],
  concurrency: number,
): Promise<RunResult> {
  const ports = enginePorts(parts, { vintedBaseUrlFor: (domain) => `${sandboxUrl}/${domain}` });
  const channel = ports.channels.get("vinted");
  if (!channel) throw new Error("no Vinted channel");
  // Sessions and payloads are read once per shop, outside the timing: only the calls count.
  const ready = new Map<number, { session: ChannelSession; payload: ListingPayload }>();
  for (const { shop, productId } of targets) {
    if (ready.has(shop.tenantId)) continue;
    const built = await ports.payloads(shop.tenantId, { productId, platform: "vinted" });
    if (!built.ok) throw new Error(`payload: ${built.problems.join(" ")}`);
    const session = await ports.sessions(shop.tenantId, shop.accountId);
    ready.set(shop.tenantId, { session, payload: built.payload });
  }

  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < targets.length) {
        const target = targets[next++] as (typeof targets)[number];
        const { session, payload } = ready.get(target.shop.tenantId) as {
          session: ChannelSession;
          payload: ListingPayload;
        };
        const t0 = performance.now();
        try {
          await channel.publish(session, payload);
        } catch {
          failed++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const ms = performance.now() - start;
  return {
    count: targets.length,
    ms,
    perSecond: (targets.length / ms) * 1000,
    enqueueMs: 0,
    latencies: latencies.sort((a, b) => a - b),
    failed,
    statements: new Map(),
    ports: {},
  };
}
