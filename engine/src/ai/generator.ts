// What the engine asks of a language model, whichever serves it (OpenAI, a local
// OpenAI-compatible server, the sandbox).
import type { ModelRequest } from "./prompt.ts";

export interface ModelAnswer {
  content: string | null;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface TextGenerator {
  readonly model: string;
  complete(request: ModelRequest): Promise<ModelAnswer>;
}

/** The model could not answer (after the client's own retries); the message is for logs. */
export class ModelError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.name = "ModelError";
    this.status = status;
  }
}
