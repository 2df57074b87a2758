import type { Db } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { problems } from "../http/problem.ts";

// Per e-mail: 5 failures in 15 minutes lock that e-mail for 15 minutes. Per address: 50.
const WINDOW_SECONDS = 15 * 60;
const LIMITS = { email: 5, ip: 50 } as const;

type Scope = keyof typeof LIMITS;
const key = (scope: Scope, value: string) => `${scope}:${value.toLowerCase()}`;

/** Throws 429 when the e-mail or the client address is locked. */
export async function assertNotThrottled(db: Db, email: string, ip: string): Promise<void> {
  const result = await db.execute<{ seconds: number }>(sql`
    SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
    FROM public.login_throttle
    WHERE key IN (${key("email", email)}, ${key("ip", ip)}) AND locked_until > now()`);
  const seconds = result.rows[0]?.seconds;
  if (seconds && seconds > 0) {
    throw problems.tooManyRequests("Too many failed sign-ins; try again later.", seconds);
  }
}

export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  for (const [scope, value] of [
    ["email", email],
    ["ip", ip],
  ] as const) {
    await db.execute(sql`
      INSERT INTO public.login_throttle AS t (key, failures, window_start)
      VALUES (${key(scope, value)}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start < now() - make_interval(secs => ${WINDOW_SECONDS})
                        THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${WINDOW_SECONDS})
                            THEN now() ELSE t.window_start END,
        locked_until = CASE WHEN t.window_start >= now() - make_interval(secs => ${WINDOW_SECONDS})
                             AND t.failures + 1 >= ${LIMITS[scope]}
                            THEN now() + make_interval(secs => ${WINDOW_SECONDS})
                            ELSE t.locked_until END`);
  }
}

export async function recordSuccess(db: Db, email: string): Promise<void> {
  await db.execute(sql`DELETE FROM public.login_throttle WHERE key = ${key("email", email)}`);
}
