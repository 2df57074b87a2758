// One LISTEN connection per API process, fanned out to the tenant's server-sent event streams:
// a transition committed by any worker reaches every face connected to any API process.
import pg from "pg";
import type { Logger } from "../logger.ts";
import { LISTING_EVENTS_CHANNEL, type ListingEvent } from "./events.ts";

export type Subscriber = (event: ListingEvent) => void;

export interface ListingEventHub {
  subscribe(tenantId: number, fn: Subscriber): () => void;
  close(): Promise<void>;
}

export function listingEventHub(url: string, log: Logger): ListingEventHub {
  const subscribers = new Map<number, Set<Subscriber>>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  const connect = () => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: "stoflow-events" });
      c.on("notification", (message) => {
        try {
          const event = JSON.parse(message.payload ?? "") as ListingEvent;
          for (const fn of subscribers.get(event.tenantId) ?? []) fn(event);
        } catch (error) {
          log.warn({ err: error }, "Unreadable listing event");
        }
      });
      c.on("error", (error) => {
        log.warn({ err: error }, "Listing event connection lost; reconnecting");
        client = undefined;
        connecting = undefined;
        if (!closed) setTimeout(() => void connect()?.catch(() => {}), 1000);
      });
      await c.connect();
      await c.query(`LISTEN ${LISTING_EVENTS_CHANNEL}`);
      client = c;
    })();
    return connecting;
  };
  return {
    subscribe(tenantId, fn) {
      void connect().catch((error) =>
        log.error({ err: error }, "Cannot listen for listing events"),
      );
      const set = subscribers.get(tenantId) ?? new Set();
      set.add(fn);
      subscribers.set(tenantId, set);
      return () => {
        set.delete(fn);
        if (set.size === 0) subscribers.delete(tenantId);
      };
    },
    async close() {
      closed = true;
      await connecting?.catch(() => {});
      await client?.end().catch(() => {});
    },
  };
}
