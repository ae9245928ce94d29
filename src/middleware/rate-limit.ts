import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { configOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { log } from "../observability/log.ts";

export interface RateLimitOptions {
  /** The limiter binding that counts this request; `undefined` lets the request through uncounted. */
  limiterFor?: (c: Context<{ Bindings: Env }>) => RateLimit | undefined;
  /** `Retry-After` of a 429: the limiters' period (wrangler.toml), when a fixed window surely rolled over. */
  retryAfterSeconds?: number;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Reads (and WebSocket upgrades, which are GETs) and writes have separate budgets (wrangler.toml). */
const byMethod = (c: Context<{ Bindings: Env }>) =>
  READ_METHODS.has(c.req.method) ? c.env.READ_RATE_LIMITER : c.env.WRITE_RATE_LIMITER;

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
  const limiterFor = options.limiterFor ?? byMethod;
  const retryAfterSeconds = options.retryAfterSeconds ?? 10;
  return createMiddleware<{ Bindings: Env }>(async (c, next) => {
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
