// Messages and formats shared by the app (i18n.config.ts) and the component tests.
import en from "./locales/en.json";
import fr from "./locales/fr.json";

export const messages = { en, fr };

export const datetimeFormats = {
  en: {
    short: { day: "numeric", month: "short" },
    long: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
    time: { hour: "2-digit", minute: "2-digit" },
    stamp: { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  },
  fr: {
    short: { day: "numeric", month: "short" },
    long: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
    time: { hour: "2-digit", minute: "2-digit" },
    stamp: { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  },
} as const;

export const i18nOptions = {
  legacy: false as const,
  fallbackLocale: "en" as const,
  messages,
  datetimeFormats,
};
