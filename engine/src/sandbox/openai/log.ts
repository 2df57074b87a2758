// What the sandbox answered: counts per outcome and tokens, for tests and the benchmark.
export class CompletionLog {
  calls = 0;
  byOutcome: Record<string, number> = {};
  promptTokens = 0;
  completionTokens = 0;

  request(outcome: string): void {
    this.calls += 1;
    this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
  }

  usage(prompt: number, completion: number): void {
    this.promptTokens += prompt;
    this.completionTokens += completion;
  }

  clear(): void {
    this.calls = 0;
    this.byOutcome = {};
    this.promptTokens = 0;
    this.completionTokens = 0;
  }

  snapshot() {
    return {
      calls: this.calls,
      byOutcome: { ...this.byOutcome },
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
    };
  }
}
