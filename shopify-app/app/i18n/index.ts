// The app's two languages. Shopify admin opens embedded apps with `locale` in the URL; other
// requests fall back to the browser's Accept-Language.
import { useRouteLoaderData } from "@remix-run/react";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type Locale = "en" | "fr";
const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, fr };

export function localeOf(request: Request): Locale {
  const asked =
    new URL(request.url).searchParams.get("locale") ?? request.headers.get("accept-language") ?? "";
  return asked.trim().toLowerCase().startsWith("fr") ? "fr" : "en";
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, vars = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The page's translator, from the locale the app layout's loader chose. */
export function useT(): Translate {
  const data = useRouteLoaderData<{ locale: Locale }>("routes/app");
  return translator(data?.locale ?? "en");
}

export function useLocale(): Locale {
  return useRouteLoaderData<{ locale: Locale }>("routes/app")?.locale ?? "en";
}
