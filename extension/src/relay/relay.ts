// One relay round: while the engine hands out actions of a blocked account (it paces them,
// the same 40-per-2-hours budget), perform each from this browser and report how it went.

import type { StateStore } from "../background/state.ts";
import { EngineClient, EngineError } from "../engine/client.ts";
import { type CaptureDeps, captureSession } from "../vinted/capture.ts";
import { isVintedDomain } from "../vinted/domains.ts";
import { performRelayAction } from "./vinted-actions.ts";

/** At most this many actions per round; the engine's pacing usually stops us sooner. */
const MAX_PER_ROUND = 5;

export async function relayTick(
  store: StateStore,
  deps: CaptureDeps,
  fetchEngine?: typeof fetch,
): Promise<number> {
  const { pairing } = await store.read();
  if (!pairing) return 0;
  const engine = new EngineClient(pairing.engineUrl, pairing.deviceToken, fetchEngine);
  let performed = 0;
  try {
    while (performed < MAX_PER_ROUND) {
      const next = await engine.nextRelayAction();
      if (!next.action) break;
      const { action } = next;
      if (!isVintedDomain(action.domain)) {
        await engine.reportRelayOutcome(action.id, {
          outcome: "failed",
          kind: "permanent",
          message: `${action.domain} is not a Vinted site.`,
        });
        continue;
      }
      const captured = await captureSession(action.domain, deps);
      if (captured.kind !== "session") {
        await engine.reportRelayOutcome(action.id, {
          outcome: "session_expired",
          message: `Log in to Vinted (${action.domain}) in this browser to continue.`,
        });
        break;
      }
      const outcome = await performRelayAction(
        deps,
        {
          domain: action.domain,
          csrfToken: captured.upload.csrfToken,
          anonId: captured.upload.cookies.anon_id,
          userId: captured.upload.userId,
        },
        action,
      );
      await engine.reportRelayOutcome(action.id, outcome);
      performed++;
      if (outcome.outcome !== "done" && outcome.outcome !== "failed") break;
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
  }
  return performed;
}
