// Token counts for the sandbox's `usage`: OpenAI's rule of thumb (about four characters a
// token for European languages), plus the chat format's few tokens per message.

export function countTokens(text: string): number {
  if (!text) return 0;
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.max(words, Math.ceil([...text].length / 4));
}

export function promptTokens(messages: { content: unknown }[], schema?: unknown): number {
  let total = 3;
  for (const m of messages) {
    const content = typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "");
    total += 4 + countTokens(content);
  }
  // A structured-output schema is part of the prompt the model reads.
  if (schema) total += countTokens(JSON.stringify(schema));
  return total;
}
