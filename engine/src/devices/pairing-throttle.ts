import type { Db } from "@stoflow/db";
import { sql } from "drizzle-orm";
import { problems } from "../http/problem.ts";

// Guessing codes: 10 failures from one address in 15 minutes lock it out for 15 minutes.
// Shares the login throttle's table under its own keys.
const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES = 10;
const key = (ip: string) => `pairing:ip:${ip}`;

export async function assertPairingAllowed(db: Db, ip: string): Promise<void> {
  const result = await db.execute<{ seconds: number }>(sql`
    SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
    FROM public.login_throttle WHERE key = ${key(ip)} AND locked_until > now()`);
  const seconds = result.rows[0]?.seconds;
  if (seconds && seconds > 0) {
    throw problems.tooManyRequests("Too many wrong pairing codes; try again later.", seconds);
  }
}

export async function recordPairingFailure(db: Db, ip: string): Promise<void> {
  const window = sql`make_interval(secs => ${WINDOW_SECONDS})`;
  await db.execute(sql`
    INSERT INTO public.login_throttle AS t (key, failures, window_start)
    VALUES (${key(ip)}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - ${window} THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - ${window} THEN now() ELSE t.window_start END,
      locked_until = CASE WHEN t.window_start >= now() - ${window} AND t.failures + 1 >= ${MAX_FAILURES}
                          THEN now() + ${window} ELSE t.locked_until END`);
}
