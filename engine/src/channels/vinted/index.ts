// The Vinted channel: the web app's internal API with the seller's captured session
// (shared/protocols/vinted.md). Retries, pacing and idempotency are the pipeline's.

import type { Channel, ChannelSession, ListingPayload, RemoteItem } from "../channel.ts";
import { createVintedCall, type VintedHttpOptions } from "./http.ts";
import { deleteItem, itemId, saveItem } from "./items.ts";
import { currentUserSchema } from "./schemas.ts";
import { WARDROBE_PAGE_SIZE, wardrobeItems } from "./wardrobe.ts";

export { isVintedDomain, VINTED_DOMAINS, type VintedDomain } from "./domains.ts";

export interface VintedChannelOptions {
  /** Default: the real site, `https://<domain>`. */
  baseUrlFor?: (domain: string) => string;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
}

/** Items worth matching when reconciling: a sold or closed one is a different listing. */
const LIVE = new Set(["active", "hidden", "reserved"]);

export function createVintedChannel(options: VintedChannelOptions = {}): Channel {
  const http: VintedHttpOptions = {
    baseUrlFor: options.baseUrlFor ?? ((domain) => `https://${domain}`),
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  const call = createVintedCall(http);

  const whoAmI = async (session: ChannelSession) => {
    const answer = await call(session, {
      method: "GET",
      path: "/api/v2/users/current",
      schema: currentUserSchema,
    });
    return { userId: answer.user.id, username: answer.user.login };
  };

  async function* listItems(session: ChannelSession, fromPage = 1): AsyncIterable<RemoteItem> {
    const userId = session.userId ?? (await whoAmI(session)).userId;
    yield* wardrobeItems(call, session, itemId(userId), fromPage);
  }

  return {
    platform: "vinted",
    itemsPerPage: WARDROBE_PAGE_SIZE,
    whoAmI,
    // async, so a bad id rejects the promise instead of throwing synchronously
    publish: async (session, payload) => saveItem(call, session, payload, null),
    update: async (session, externalId, payload) =>
      saveItem(call, session, payload, itemId(externalId)),
    delist: async (session, externalId) => deleteItem(call, session, itemId(externalId)),
    listItems,
    async findExisting(session: ChannelSession, payload: ListingPayload) {
      const title = payload.title.trim();
      const price = Number(payload.price).toFixed(2);
      for await (const item of listItems(session)) {
        if (LIVE.has(item.state) && item.title.trim() === title && item.price === price) {
          return item;
        }
      }
      return undefined;
    },
  };
}
