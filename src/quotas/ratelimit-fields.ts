import type { QuotaStanding } from "./ledger.ts";

/**
 * The `RateLimit-Policy` and `RateLimit` header fields (IETF httpapi draft "RateLimit header fields for
 * HTTP", https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/): one item per budget,
 * `"name";q=<quota>;w=<window s>` and `"name";r=<remaining>;t=<seconds to reset>`.
 */
export interface LimitItem {
  name: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

export const policyField = (items: readonly LimitItem[]): string =>
  items.map((item) => `"${item.name}";q=${item.quota};w=${item.windowSeconds}`).join(", ");

export const limitField = (items: readonly LimitItem[]): string =>
  items.map((item) => `"${item.name}";r=${Math.max(0, item.remaining)};t=${Math.max(0, item.resetSeconds)}`).join(", ");

/**
 * A key's quotas as items: judgments per minute, and spend per day in US cents (the fields carry
 * integers).
 */
export function quotaItems(standing: QuotaStanding): LimitItem[] {
  const items: LimitItem[] = [];
  const { policy } = standing;
  if (policy.judgments_per_minute !== null && standing.judgmentsRemaining !== null) {
    items.push({ name: "judgments", quota: policy.judgments_per_minute, windowSeconds: 60, remaining: standing.judgmentsRemaining, resetSeconds: standing.minuteResetSeconds });
  }
  if (policy.usd_per_day !== null && standing.usdRemaining !== null) {
    items.push({
      name: "usd-cents",
      quota: Math.round(policy.usd_per_day * 100),
      windowSeconds: 86_400,
      remaining: Math.floor(standing.usdRemaining * 100),
      resetSeconds: standing.dayResetSeconds,
    });
  }
  return items;
}

/**
 * Counts requests per caller in fixed windows, in this isolate only: the platform's rate limiter says
 * whether a request passes but not how many remain, so `r` of the request budget is this estimate. It
 * sees only this isolate's share of a caller's requests, so it may say more remain than do; the
 * limiter (counted per location) is what refuses.
 */
export class WindowCounter {
  readonly #counts = new Map<string, { window: number; count: number }>();
  readonly #maxKeys: number;

  constructor(maxKeys = 10_000) {
    this.#maxKeys = maxKeys;
  }

  hit(key: string, periodSeconds: number, now: number): { count: number; resetSeconds: number } {
    const window = Math.floor(now / (periodSeconds * 1000));
    let entry = this.#counts.get(key);
    if (!entry || entry.window !== window) {
      if (!entry && this.#counts.size >= this.#maxKeys) this.#counts.clear();
      entry = { window, count: 0 };
      this.#counts.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetSeconds: Math.ceil(((window + 1) * periodSeconds * 1000 - now) / 1000) };
  }
}
