import { createMiddleware } from "hono/factory";
import type { QuotaStanding } from "../quotas/ledger.ts";
import { limitField, policyField, quotaItems, WindowCounter, type LimitItem } from "../quotas/ratelimit-fields.ts";
import { setReplyHeaders } from "./reply-headers.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The caller's quota, when this request was charged (or refused) by it. */
    quota: QuotaStanding;
  }
}

/**
 * Puts `RateLimit-Policy` and `RateLimit` on every `/v1` reply, errors included: the request budget
 * the request was counted against (src/middleware/rate-limit.ts), and the caller's cost quota when the
 * request was charged by it (a judgment that called a model, or a `quota_exceeded` refusal).
 */
export const rateLimitHeaders = () => {
  const counter = new WindowCounter();
  return createMiddleware<{ Bindings: Env }>(async (c, next) => {
    await next();
    const budget = c.get("requestBudget");
    const items: LimitItem[] = [];
    if (budget) {
      const { count, resetSeconds } = counter.hit(`${budget.name}:${c.get("client") ?? "unknown"}`, budget.period, Date.now());
      items.push({ name: budget.name, quota: budget.limit, windowSeconds: budget.period, remaining: budget.limit - count, resetSeconds });
    }
    const quota = c.get("quota");
    if (quota) items.push(...quotaItems(quota));
    if (items.length > 0) setReplyHeaders(c, { "ratelimit-policy": policyField(items), ratelimit: limitField(items) });
  });
};
