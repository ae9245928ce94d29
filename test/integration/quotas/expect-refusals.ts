import { expect } from "vitest";
import { json } from "../../support/workers/http.ts";

/**
 * A burst of new runs past the admission limit: some are shed with 503 `overloaded` and a
 * `Retry-After`, and every other one was accepted (202, running asynchronously).
 */
export async function expectShedOrAccepted(replies: Response[]): Promise<void> {
  const outcomes = await Promise.all(
    replies.map(async (reply) => ({ status: reply.status, code: (await json<{ code?: string }>(reply)).code, retryAfter: reply.headers.get("retry-after") })),
  );
  const shed = outcomes.filter((outcome) => outcome.status === 503);
  expect(shed.length).toBeGreaterThan(0);
  expect(shed.every((outcome) => outcome.code === "overloaded" && Number(outcome.retryAfter) >= 1)).toBe(true);
  expect(outcomes.filter((outcome) => outcome.status !== 503).every((outcome) => outcome.status === 202)).toBe(true);
}

/**
 * The third new run in a minute of a key allowed two: refused 429 `quota_exceeded` with `Retry-After`
 * and no judgments left, unless the fixed minute window rolled over between the requests (then it ran).
 */
export async function expectThirdPerMinuteRefused(third: Response): Promise<void> {
  const problem = await json<{ code: string; limit: string }>(third);
  if (third.status === 200) return;
  expect(third.status).toBe(429);
  expect(problem).toMatchObject({ code: "quota_exceeded", limit: "judgments_per_minute" });
  expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(third.headers.get("ratelimit")).toMatch(/"judgments";r=0;t=\d+/);
}
