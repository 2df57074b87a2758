// The model behind the official `openai` SDK: OpenAI itself, or any OpenAI-compatible server
// (a local model, the sandbox) at OPENAI_BASE_URL. The SDK retries 429s and 5xx with backoff,
// honouring Retry-After; what still fails becomes a ModelError, and the caller falls back.
import OpenAI from "openai";
import { type ModelAnswer, ModelError, type TextGenerator } from "../generator.ts";
import type { ModelRequest } from "../prompt.ts";

export interface OpenAiOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  maxRetries: number;
  timeoutMs: number;
}

export function openAiGenerator(options: OpenAiOptions): TextGenerator {
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
  return {
    model: options.model,
    async complete(request: ModelRequest): Promise<ModelAnswer> {
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          messages: request.messages,
          temperature: 0.7,
          response_format: {
            type: "json_schema",
            json_schema: { name: request.schemaName, strict: true, schema: request.schema },
          },
        });
        const message = completion.choices[0]?.message;
        if (message?.refusal) throw new ModelError(`The model refused: ${message.refusal}`);
        return {
          content: message?.content ?? null,
          model: completion.model || options.model,
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
        };
      } catch (error) {
        if (error instanceof ModelError) throw error;
        if (error instanceof OpenAI.APIError) {
          throw new ModelError(
            `Model API error ${error.status ?? ""}: ${error.message}`,
            error.status,
          );
        }
        throw new ModelError(`Model call failed: ${(error as Error).message}`);
      }
    },
  };
}
