/**
 * The keys and `QUOTAS` of the `workers-quotas` project (vitest.config.ts), which otherwise runs with
 * wrangler.toml's default request budgets. One key per test: quotas are per key.
 */
export const QUOTA_KEYS = {
  stampede: "test-key-quota-stampede-1a2b",
  perMinute: "test-key-quota-minute-3c4d",
  spend: "test-key-quota-spend-5e6f",
  crash: "test-key-quota-crash-7a8b",
  holds: "test-key-quota-holds-9c0d",
  comparisonMinute: "test-key-quota-cmp-minute-1e2f",
  comparisonSpend: "test-key-quota-cmp-spend-3a4b",
  daySpent: "test-key-quota-day-spent-5c6d",
} as const;

export const QUOTA_LIMITS = {
  perMinute: { judgments_per_minute: 2 },
  spend: { usd_per_day: 5 },
  crash: { usd_per_day: 5 },
  holds: { usd_per_day: 5 },
  comparisonMinute: { judgments_per_minute: 2 },
  comparisonSpend: { usd_per_day: 5 },
  // Below a priced judgment's worst case: every new one is refused, a free one still fits.
  daySpent: { usd_per_day: 0.05 },
} as const;

/** The project's `API_KEYS` and `QUOTAS`, given SHA-256 hex (vitest.config.ts runs in Node, tests in workerd). */
export function testQuotas(digest: (key: string) => string): { apiKeys: string; quotas: string } {
  return {
    apiKeys: Object.values(QUOTA_KEYS).map(digest).join(","),
    quotas: JSON.stringify({
      default: { judgments_per_minute: 1_000, usd_per_day: 100 },
      [digest(QUOTA_KEYS.perMinute)]: QUOTA_LIMITS.perMinute,
      [digest(QUOTA_KEYS.spend)]: QUOTA_LIMITS.spend,
      [digest(QUOTA_KEYS.crash)]: QUOTA_LIMITS.crash,
      [digest(QUOTA_KEYS.holds)]: QUOTA_LIMITS.holds,
      [digest(QUOTA_KEYS.comparisonMinute)]: QUOTA_LIMITS.comparisonMinute,
      [digest(QUOTA_KEYS.comparisonSpend)]: QUOTA_LIMITS.comparisonSpend,
      [digest(QUOTA_KEYS.daySpent)]: QUOTA_LIMITS.daySpent,
    }),
  };
}
