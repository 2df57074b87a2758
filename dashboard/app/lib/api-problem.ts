import type { Schemas } from "@stoflow/client";

type Problem = Schemas["Problem"];

/** An API answer that is not a success, carrying the problem+json the engine sent. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;
  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
  /** The slug of the problem type, e.g. "plan-limit", "validation", "unauthorized". */
  get kind(): string {
    return this.problem.type?.split("/").pop() ?? "";
  }
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a typed-client answer, or an ApiProblem to throw. */
export function expectData<T>(result: Result<T>): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiProblem(result.response.status, result.error as Partial<Problem> | undefined);
  }
  return result.data as T;
}

/**
 * A message a seller can read: the engine's own detail and failing fields, or a translated
 * fallback for network failures and answers without a body.
 */
export function problemMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiProblem) {
    const fields = error.problem.errors?.map((e) => `${e.path}: ${e.message}`) ?? [];
    // The engine writes in English: a language that has its own words for a kind of problem
    // uses them (English has none, so the engine's detail, with its figures, is shown).
    const key = `problems.${error.kind}`;
    const own = error.kind ? t(key) : key;
    if (own !== key && own !== "") return own;
    const head = error.problem.detail ?? error.problem.title ?? t("errors.generic");
    return fields.length > 0 ? `${head} (${fields.join("; ")})` : head;
  }
  if (error instanceof TypeError) return t("errors.network");
  return t("errors.generic");
}
