import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REQUEST_BUDGETS } from "../../src/middleware/rate-limit.ts";

/** The `RateLimit-Policy` header states wrangler.toml's budgets: the two must not drift apart. */
describe("request budgets", () => {
  it("match wrangler.toml's [[ratelimits]]", () => {
    const toml = readFileSync("wrangler.toml", "utf8");
    const budget = (name: string) => {
      const match = new RegExp(`name = "${name}"[\\s\\S]*?simple = \\{ limit = (\\d+), period = (\\d+) \\}`).exec(toml);
      return match ? { limit: Number(match[1]), period: Number(match[2]) } : null;
    };
    expect(budget("READ_RATE_LIMITER")).toEqual({ limit: REQUEST_BUDGETS.reads.limit, period: REQUEST_BUDGETS.reads.period });
    expect(budget("WRITE_RATE_LIMITER")).toEqual({ limit: REQUEST_BUDGETS.writes.limit, period: REQUEST_BUDGETS.writes.period });
  });
});
