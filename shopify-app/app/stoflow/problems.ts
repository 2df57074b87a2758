// The engine answers errors as application/problem+json; pages show their `detail`.
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  type?: string;
}

export class EngineProblem extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
}

export function problemOf(error: unknown, status: number): Problem {
  if (error && typeof error === "object" && "title" in error) {
    const e = error as Partial<Problem>;
    return { status, title: String(e.title), detail: e.detail, type: e.type };
  }
  return { status, title: "The Stoflow engine did not answer as expected" };
}

/** The data of an openapi-fetch answer, or an EngineProblem with the engine's message. */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) {
    throw new EngineProblem(problemOf(answer.error, answer.response.status));
  }
  return answer.data;
}

/** A problem as an action's answer: the page shows the message, nothing is thrown. */
export function failure(error: unknown) {
  if (error instanceof EngineProblem) {
    return { ok: false as const, error: error.problem.detail ?? error.problem.title };
  }
  if (error instanceof TypeError && error.message === "fetch failed") {
    return { ok: false as const, error: "The Stoflow engine cannot be reached." };
  }
  throw error;
}
