/**
 * Configuration variables are optional (src/config.ts holds their defaults), so they are declared here
 * rather than in wrangler.toml's [vars]; `wrangler types` generates the bindings into
 * worker-configuration.d.ts and this merges into the same `Cloudflare.Env`.
 */
declare namespace Cloudflare {
  interface Env {
    JUDGE_PROVIDER?: string;
    JUDGE_BASE_URL?: string;
    JUDGE_MODEL?: string;
    JUDGE_API_KEY?: string;
    JUDGE_BATCH?: string;
    JUDGE_TIMEOUT_MS?: string;
    JUDGE_RETRIES?: string;
    JUDGE_CONCURRENCY?: string;
    JUDGE_PRICE_IN_PER_MTOK?: string;
    JUDGE_PRICE_OUT_PER_MTOK?: string;
    JUDGE_BREAKER_THRESHOLD?: string;
    JUDGE_BREAKER_COOLDOWN_MS?: string;
    JUDGE_BUDGET_USD?: string;
    JUDGE_WAIT_MS?: string;
    JUDGE_PROFILES?: string;
    LIBSQL_URL?: string;
    LIBSQL_AUTH_TOKEN?: string;
    API_KEYS?: string;
    MAX_CONTENT_BYTES?: string;
    CELL_MAX_WAITERS?: string;
    RATE_LIMITS?: string;
    REQUEST_LOGS?: string;
    BATCH_CONCURRENCY?: string;
    BATCH_MAX_BYTES?: string;
    WEBHOOK_SECRET?: string;
    CALLBACK_ALLOW_PRIVATE?: string;
    QUOTAS?: string;
    OVERLOAD?: string;
    OVERLOAD_INITIAL_LIMIT?: string;
    OVERLOAD_TARGET_MS?: string;
  }
}
