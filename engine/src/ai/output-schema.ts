// The JSON schema the model answers with (OpenAI structured outputs, strict mode): for each
// requested platform a title, a description and keywords.
import type { AiPlatform } from "./platforms.ts";

export const OUTPUT_SCHEMA_NAME = "listing_texts";

const textSchema = {
  type: "object",
  additionalProperties: false,
  required: ["title", "description", "keywords"],
  properties: {
    title: { type: "string" },
    description: { type: "string" },
    keywords: { type: "array", items: { type: "string" } },
  },
} as const;

export function outputSchema(platforms: AiPlatform[]): Record<string, unknown> {
  return {
    type: "object",
    additionalProperties: false,
    required: ["platforms"],
    properties: {
      platforms: {
        type: "object",
        additionalProperties: false,
        required: [...platforms],
        properties: Object.fromEntries(platforms.map((p) => [p, textSchema])),
      },
    },
  };
}
