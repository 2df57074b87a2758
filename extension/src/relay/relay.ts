// One relay round: while the engine hands out actions of a blocked account (it paces them,
// the same 40-per-2-hours budget), perform each from this browser and report how it went.
// Actions are listing actions, or pages of the account's sales poll (the wardrobe read for
// sales, one page per action), so sales are seen while the server is blocked too.

import type { StateStore } from "../background/state.ts";
import { EngineClient, EngineError, type RelayOutcome } from "../engine/client.ts";
import { type CaptureDeps, captureSession } from "../vinted/capture.ts";
import { isVintedDomain } from "../vinted/domains.ts";
import { performRelayAction } from "./vinted-actions.ts";
import { readWardrobePage } from "./vinted-poll.ts";

/** At most this many actions (or wardrobe pages) per round; pacing usually stops us sooner. */
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
      const report = (outcome: Exclude<RelayOutcome, { outcome: "done" }>) =>
        action.action === "poll-sales"
          ? engine.reportRelayPoll(action.id, outcome)
          : engine.reportRelayOutcome(action.id, outcome);
      if (!isVintedDomain(action.domain)) {
        await report({
          outcome: "failed",
          kind: "permanent",
          message: `${action.domain} is not a Vinted site.`,
        });
        continue;
      }
      const captured = await captureSession(action.domain, deps);
      if (captured.kind !== "session") {
        await report({
          outcome: "session_expired",
          message: `Log in to Vinted (${action.domain}) in this browser to continue.`,
        });
        break;
      }
      const session = {
        domain: action.domain,
        csrfToken: captured.upload.csrfToken,
        anonId: captured.upload.cookies.anon_id,
        userId: captured.upload.userId,
      };
      let outcome: string;
      if (action.action === "poll-sales") {
        const read = await readWardrobePage(deps, session, action);
        await engine.reportRelayPoll(action.id, read);
        outcome = read.outcome;
      } else {
        const done = await performRelayAction(deps, session, action);
        await engine.reportRelayOutcome(action.id, done);
        outcome = done.outcome;
      }
      performed++;
      if (outcome !== "done" && outcome !== "read" && outcome !== "failed") break;
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
  }
  return performed;
}
