// The request sent to the model: the templates (system frame + one per platform) and the
// normalised attributes only. Same attributes, same prompt: that is what makes the cache valid.
import type { NormalisedAttributes } from "./attributes.ts";
import { itemName } from "./fallback/templates.ts";
import { OUTPUT_SCHEMA_NAME, outputSchema } from "./output-schema.ts";
import { type AiLanguage, type AiPlatform, LANGUAGE_NAMES } from "./platforms.ts";
import type { TemplateSlot, TemplateView } from "./prompt-templates.ts";
import type { Tone } from "./settings.ts";

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface ModelRequest {
  messages: ChatMessage[];
  schemaName: string;
  schema: Record<string, unknown>;
}

const fillTemplate = (template: string, language: AiLanguage, tone: Tone) =>
  template.replaceAll("{language}", LANGUAGE_NAMES[language]).replaceAll("{tone}", tone);

export function buildRequest(input: {
  attributes: NormalisedAttributes;
  language: AiLanguage;
  platforms: AiPlatform[];
  tone: Tone;
  templates: Record<TemplateSlot, TemplateView>;
}): ModelRequest {
  const { attributes: a, language, platforms, tone, templates } = input;
  const system = [
    fillTemplate(templates.system.template, language, tone),
    ...platforms.map((p) => fillTemplate(templates[p].template, language, tone)),
  ].join("\n\n");
  const facts = {
    item: itemName(a, "en"),
    category: a.category,
    brand_tier: a.brand,
    colour_palette: a.color,
    condition: a.condition,
    size_system: a.size,
    material: a.material,
  };
  const user = [
    `Item attributes (null: unknown, do not mention): ${JSON.stringify(facts)}`,
    "These are categories. Write the exact values with the placeholders {brand}, {color}, {material}, {size} and {condition} (and {price} if you mention the price); leave out those whose attribute is null.",
    `Write the texts for: ${platforms.join(", ")}. Language: ${LANGUAGE_NAMES[language]}.`,
  ].join("\n");
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    schemaName: OUTPUT_SCHEMA_NAME,
    schema: outputSchema(platforms),
  };
}
