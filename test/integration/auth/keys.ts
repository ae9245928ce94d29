/**
 * The API keys the `workers-auth` project accepts: vitest.config.ts puts their SHA-256 digests in
 * `API_KEYS`. One key per test, because rate-limit budgets are per key and tests in a file share them.
 */
export const TEST_KEYS = {
  routes: "test-key-routes-3b9f1c2e7a",
  wrongKeys: "test-key-wrong-keys-81d4a0",
  rotation: "test-key-rotation-old-55c1",
  rotationNext: "test-key-rotation-new-9e27",
  reads: "test-key-reads-0fa6b3d2c4",
  writes: "test-key-writes-72e1c9ab05",
  separateBudgets: "test-key-separate-e4a83b",
  browserStream: "test-key-browser-6d2f08a1",
  callbacks: "test-key-callbacks-4c7e19b2",
} as const;

/** Per-key budgets in the `workers-auth` project, per 60 s window (production: wrangler.toml). */
export const TEST_LIMITS = { reads: 10, writes: 4 } as const;
