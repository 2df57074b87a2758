import type { AiLanguage } from "../platforms.ts";
import { de } from "./languages/de.ts";
import { en } from "./languages/en.ts";
import { es } from "./languages/es.ts";
import { fr } from "./languages/fr.ts";
import { it } from "./languages/it.ts";
import { nl } from "./languages/nl.ts";
import { pl } from "./languages/pl.ts";
import type { Phrases } from "./phrases.ts";

export const PHRASES: Record<AiLanguage, Phrases> = { fr, en, de, es, it, nl, pl };
