// What the sandbox "model" writes: for Stoflow's listing schema, texts in the asked language
// that follow the prompt (placeholders, lengths, bullet points for eBay); for any other JSON
// schema, a valid instance of it; without a schema, a short plain answer.
import { PHRASES } from "../../ai/fallback/index.ts";
import type { ItemKind } from "../../ai/fallback/phrases.ts";
import { type AiLanguage, LANGUAGE_NAMES } from "../../ai/platforms.ts";
import type { Tone } from "../../ai/settings.ts";

interface Message {
  role: string;
  content: unknown;
}

const text = (messages: Message[]) =>
  messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");

function languageOf(prompt: string): AiLanguage {
  const named = /Language: (\w+)/.exec(prompt)?.[1] ?? /in (\w+)\./.exec(prompt)?.[1];
  const found = Object.entries(LANGUAGE_NAMES).find(([, name]) => name === named);
  return (found?.[0] as AiLanguage | undefined) ?? "en";
}

function attributesOf(prompt: string): Record<string, string | null> {
  const json = /Item attributes[^{]*(\{.*\})/.exec(prompt)?.[1];
  try {
    return json ? (JSON.parse(json) as Record<string, string | null>) : {};
  } catch {
    return {};
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function listing(
  platform: string,
  language: AiLanguage,
  a: Record<string, string | null>,
  tone: Tone,
) {
  const p = PHRASES[language];
  const kind =
    (Object.keys(PHRASES.en.items) as ItemKind[]).find((k) => PHRASES.en.items[k] === a.item) ??
    "item";
  const item = p.items[kind];
  const brand = a.brand_tier ? " {brand}" : "";
  const sep = language === "fr" ? " : " : ": ";
  const facts = [
    a.colour_palette ? `${p.labels.color}${sep}{color}` : "",
    a.material ? `${p.labels.material}${sep}{material}` : "",
    a.size_system ? `${p.labels.size}${sep}{size}` : "",
    a.condition ? `${p.labels.condition}${sep}{condition}` : "",
  ].filter(Boolean);
  const keywords = [
    item,
    ...(a.brand_tier ? ["{brand}"] : []),
    ...(a.colour_palette ? ["{color}"] : []),
    ...p.keywords,
  ];
  if (platform === "ebay") {
    return {
      title: `${capital(item)}${brand}${a.colour_palette ? " {color}" : ""}${a.size_system ? ` ${p.labels.size} {size}` : ""}`,
      description: [
        a.condition ? p.ebayOpening : p.ebayOpening.replace(/ [^ ]*\{condition\}[^,.]*/u, ""),
        [
          `${p.labels.item}${sep}${item}`,
          ...(a.brand_tier ? [`${p.labels.brand}${sep}{brand}`] : []),
          ...facts,
        ]
          .map((f) => `- ${f}`)
          .join("\n"),
        `${p.body[0]} ${p.body[1]}`,
        p.ebayClosing,
      ].join("\n\n"),
      keywords,
    };
  }
  if (platform === "etsy") {
    return {
      title: `${capital(item)}${brand}${a.colour_palette ? " {color}" : ""} - ${p.keywords.join(", ")}`,
      description: [p.etsyStory[0], p.etsyStory[1], a.condition ? p.etsyCare : "", p.body[1]]
        .filter(Boolean)
        .join("\n\n"),
      keywords,
    };
  }
  return {
    title: `${capital(item)}${brand}${a.colour_palette ? " {color}" : ""}${a.size_system ? ` ${p.labels.size.toLowerCase()} {size}` : ""}`,
    description: `${capital(item)}${brand}${a.condition ? `, {condition}` : ""}. ${p.body[0]} ${p.closing[tone]}`,
    keywords,
  };
}

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
};

function instanceOf(schema: Schema | undefined): unknown {
  if (!schema) return null;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, instanceOf(v)]),
      );
    case "array":
      return [instanceOf(schema.items)];
    case "string":
      return "sandbox";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}

export function writeContent(messages: Message[], schema: Schema | undefined): string {
  const prompt = text(messages);
  if (!schema) return "This is the OpenAI sandbox answering.";
  const platforms = schema.properties?.platforms?.properties;
  if (!platforms) return JSON.stringify(instanceOf(schema));
  const language = languageOf(prompt);
  const tone = (/Tone: (\w+)/.exec(prompt)?.[1] ?? "friendly") as Tone;
  const attributes = attributesOf(prompt);
  return JSON.stringify({
    platforms: Object.fromEntries(
      Object.keys(platforms).map((p) => [
        p,
        listing(p, language, attributes, PHRASES.en.closing[tone] ? tone : "friendly"),
      ]),
    ),
  });
}
