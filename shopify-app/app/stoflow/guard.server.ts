// Engine problems as route error responses the pages can show (a thrown Error's message is
// hidden in production builds; a route error response's data is not).
import { data } from "@remix-run/node";
import { EngineProblem } from "./problems";

export interface ShownProblem {
  stoflowProblem: string;
}

export async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EngineProblem) {
      const shown: ShownProblem = {
        stoflowProblem: error.problem.detail ?? error.problem.title,
      };
      throw data(shown, { status: error.problem.status >= 500 ? 502 : error.problem.status });
    }
    // fetch's own failure: the engine is down or unreachable.
    if (error instanceof TypeError && error.message === "fetch failed") {
      const shown: ShownProblem = { stoflowProblem: "The Stoflow engine cannot be reached." };
      throw data(shown, { status: 502 });
    }
    throw error;
  }
}
