import { useSessionStore } from "~/stores/session";

/** Pages are private unless they say `definePageMeta({ public: true })`. */
export default defineNuxtRouteMiddleware((to) => {
  const session = useSessionStore();
  if (to.meta.public === true) {
    const invited = typeof to.query.invitation === "string";
    if (session.signedIn && (to.path === "/login" || (to.path === "/signup" && !invited)))
      return "/";
    return;
  }
  if (!session.signedIn) return { path: "/login", query: { next: to.fullPath } };
});
