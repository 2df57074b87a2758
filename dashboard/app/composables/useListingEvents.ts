import { fetchEventSource } from "@microsoft/fetch-event-source";
import { useSessionStore } from "~/stores/session";

/** A listing transition as the engine streams it (`event: listing`). */
export interface ListingEvent {
  listingId: string;
  productId: string;
  platform: string;
  from: string;
  to: string;
  action: string;
  outcome: string;
  attempt: number;
  error: string | null;
  at: string;
}

class Unauthorized extends Error {}

/**
 * Live listing transitions while the calling component is mounted. EventSource cannot send an
 * Authorization header, so this reads the stream with fetch; it reconnects on its own, with a
 * refreshed token after a 401.
 */
export function useListingEvents(onEvent: (event: ListingEvent) => void) {
  const session = useSessionStore();
  const connected = ref(false);
  let controller: AbortController | undefined;

  async function open() {
    controller = new AbortController();
    const signal = controller.signal;
    let token = await session.token();
    while (!signal.aborted && token) {
      try {
        await fetchEventSource("/api/v1/listings/events", {
          headers: { Authorization: `Bearer ${token}` },
          signal,
          openWhenHidden: true,
          async onopen(response) {
            if (response.status === 401) throw new Unauthorized();
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            connected.value = true;
          },
          onmessage(message) {
            if (message.event !== "listing" || !message.data) return;
            try {
              onEvent(JSON.parse(message.data) as ListingEvent);
            } catch {
              // A malformed event is skipped; the next list reload shows the truth.
            }
          },
          onclose() {
            connected.value = false;
          },
          onerror(error) {
            connected.value = false;
            if (error instanceof Unauthorized) throw error;
            return 3000;
          },
        });
        return;
      } catch (error) {
        connected.value = false;
        if (!(error instanceof Unauthorized)) return;
        token = await session.refresh(token);
      }
    }
  }

  onMounted(() => void open());
  onBeforeUnmount(() => controller?.abort());
  return { connected };
}
