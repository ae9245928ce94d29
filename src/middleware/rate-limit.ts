import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { log } from "../observability/log.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The request budget this request was counted against, for the `RateLimit` header fields. */
    requestBudget: RequestBudget;
  }
}

/** A per-client request budget; `limit` and `period` mirror wrangler.toml's `[[ratelimits]]`. */
export interface RequestBudget {
  name: "reads" | "writes";
  limit: number;
  period: number;
}

/** wrangler.toml's budgets (test/repo checks they agree). */
export const REQUEST_BUDGETS = {
  reads: { name: "reads", limit: 600, period: 10 },
  writes: { name: "writes", limit: 60, period: 10 },
} as const satisfies Record<string, RequestBudget>;

export interface RateLimitOptions {
  /** The limiter binding that counts this request; `undefined` lets the request through uncounted. */
  limiterFor?: (c: Context<{ Bindings: Env }>) => RateLimit | undefined;
  /** `Retry-After` of a 429: the limiters' period (wrangler.toml), when a fixed window surely rolled over. */
  retryAfterSeconds?: number;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Which budget a request spends. Asking for a judgment or a comparison is a read: a cached or coalesced
 * one calls no model, and one that does is charged by the caller's cost quota (src/quotas/) instead of
 * by count. WebSocket upgrades are GETs.
 */
export function budgetOf(method: string, path: string): RequestBudget {
  return READ_METHODS.has(method) || (method === "POST" && JUDGING_PATHS.has(path)) ? REQUEST_BUDGETS.reads : REQUEST_BUDGETS.writes;
}

const JUDGING_PATHS = new Set(["/v1/judgments", "/v1/comparisons"]);

const byBudget = (c: Context<{ Bindings: Env }>) =>
  budgetOf(c.req.method, c.req.path).name === "reads" ? c.env.READ_RATE_LIMITER : c.env.WRITE_RATE_LIMITER;

/**
 * Counts each request against the caller's budget with a Workers rate-limiting binding
 * (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/) and answers 429
 * `rate_limited` with `Retry-After` past it. The caller is `c.get("client")` (set by `apiKeyAuth`: the
 * key's digest, or the IP when the API is open). A limiter that fails lets the request through: the
 * limits protect capacity, and an outage of the counter must not become an outage of the API.
 *
 * @example
 * app.use("/v1/*", apiKeyAuth(), rateLimit());
 * app.use("/v1/*", rateLimit({ limiterFor: (c) => c.env.READ_RATE_LIMITER, retryAfterSeconds: 60 }));
 */
export const rateLimit = (options: RateLimitOptions = {}) => {
  const limiterFor = options.limiterFor ?? byBudget;
  const retryAfterSeconds = options.retryAfterSeconds ?? 10;
  return createMiddleware<{ Bindings: Env }>(async (c, next) => {
    c.set("requestBudget", budgetOf(c.req.method, c.req.path));
    const limiter = configOf(c.env).rateLimits ? limiterFor(c) : undefined;
    if (!limiter) return next();
    const key = c.get("client") ?? "unknown";
    let allowed = true;
    try {
      allowed = (await limiter.limit({ key })).success;
    } catch (error) {
      log("rate_limiter_error", { error: String(error) });
    }
    if (!allowed) {
      throw new ApiError("rate_limited", `too many requests from this client; retry in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
    return next();
  });
};
