import { createStoflowClient } from "@stoflow/client";
import { authFetch } from "~/lib/auth-fetch";
import { useSessionStore } from "~/stores/session";

/** The one API client of the app, reached with useApi(). */
export default defineNuxtPlugin(() => {
  const session = useSessionStore();
  const router = useRouter();
  const api = createStoflowClient({
    baseUrl: window.location.origin,
    getToken: () => session.token(),
    fetch: authFetch({
      refresh: (failed) => session.refresh(failed),
      onExpired: () => {
        session.markExpired();
        const here = router.currentRoute.value;
        if (here.meta.public !== true) {
          void router.push({ path: "/login", query: { expired: "1", next: here.fullPath } });
        }
      },
    }),
  });
  // Logging out (or a refresh) in another tab applies here too.
  window.addEventListener("storage", (event) => {
    if (event.key !== null && event.key !== "stoflow.session") return;
    session.syncFromStorage();
    if (!session.signedIn && router.currentRoute.value.meta.public !== true) {
      void router.push({ path: "/login", query: { next: router.currentRoute.value.fullPath } });
    }
  });
  return { provide: { api } };
});
