import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { createHash } from "node:crypto";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { TEST_KEYS, TEST_LIMITS } from "./test/integration/auth/keys.ts";
import { testQuotas } from "./test/integration/quotas/keys.ts";
import { testJudgeProfiles } from "./test/support/judge-profiles.ts";
import { TEST_WEBHOOK_SECRET } from "./test/support/webhook-secret.ts";

const sha256Hex = (key: string) => createHash("sha256").update(key).digest("hex");

/** Attack tests of the local libSQL server: Node, not workerd (the server is a Node script). */
const LIBSQL_ATTACKS = "test/integration/security/libsql-server.test.ts";

interface WorkersProjectOptions {
  name: string;
  include: string[];
  exclude?: string[];
  /** Default ./test/global-setup.ts: the in-process libSQL server and the fake model server. */
  globalSetup?: string;
  /** Bindings beyond the shared ones (libSQL and fake model URLs, judge profiles). */
  bindings?: Record<string, string>;
  /** Per-client requests per 60 s (the default is high enough that no test meets it), or wrangler.toml's own. */
  limits?: { reads: number; writes: number } | "wrangler.toml";
  /** One file at a time, after the other projects (fault tests stop and freeze their database). */
  sequential?: boolean;
}

/** A project running the Worker and its Durable Objects in workerd against the real local libSQL server. */
function workersProject(options: WorkersProjectOptions): TestProjectInlineConfiguration {
  const limits = options.limits ?? { reads: 1_000_000, writes: 1_000_000 };
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            LIBSQL_URL: inject<string>("libsqlUrl"),
            LIBSQL_AUTH_TOKEN: inject<string>("libsqlAuthToken"),
            JUDGE_PROVIDER: "heuristic",
            JUDGE_PROFILES: JSON.stringify(testJudgeProfiles(inject<string>("fakeModelUrl"), inject<string[] | undefined>("juryModelUrls"))),
            WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
            // Projects without keys open the API explicitly, as `npm start` does (no keys is otherwise 503).
            ...(options.bindings?.API_KEYS ? {} : { AUTH: "off" }),
            // Tests read gate and storage state from /v1/health right after changing it.
            HEALTH_CACHE_MS: "0",
            // Tests of other things fire dozens of new judgments at once on a machine 3–5× slower than
            // usual; the project that tests shedding (workers-quotas) keeps the production default.
            ...(limits === "wrangler.toml" ? {} : { OVERLOAD_INITIAL_LIMIT: "1000" }),
            ...options.bindings,
          },
          // Overrides wrangler.toml's budgets (same bindings and namespaces).
          ...(limits === "wrangler.toml"
            ? {}
            : {
                ratelimits: {
                  READ_RATE_LIMITER: { namespace_id: "1001", simple: { limit: limits.reads, period: 60 as const } },
                  WRITE_RATE_LIMITER: { namespace_id: "1002", simple: { limit: limits.writes, period: 60 as const } },
                },
              }),
        },
      })),
    ],
    test: {
      name: options.name,
      include: options.include,
      exclude: options.exclude ?? [],
      globalSetup: [options.globalSetup ?? "./test/global-setup.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...(options.sequential ? { maxWorkers: 1, sequence: { groupOrder: 1 } } : {}),
      deps: {
        optimizer: {
          ssr: { enabled: true, include: ["hono", "zod", "drizzle-orm", "@libsql/client", "@hono/zod-openapi"] },
        },
      },
    },
  };
}

/**
 * Six projects:
 * - `node`: pure domain code (test/unit), the repository's own rules (test/repo: import boundaries, one
 *   source per fact) and the Node scripts (test/scripts: the local libSQL server,
 *   migrations, `npm start`, the fake model server, the demo, deploy), in plain Node.
 * - `browser`: the dashboard in Debian's Chromium (playwright-core) against `wrangler dev` on free
 *   ports (test/browser), one file at a time.
 * - `workers`: the Worker and its Durable Objects inside workerd (test/integration), against the real
 *   local libSQL server and the fake model server that test/global-setup.ts starts on free ports, with
 *   the API open (`AUTH=off`).
 * - `workers-auth`: the same with API keys configured and low rate limits (test/integration/auth).
 * - `workers-shadow`: the same with JUDGE_SHADOW set (test/integration/shadow), so no other test's
 *   judgments are shadowed.
 * - `workers-quotas`: cost quotas (QUOTAS) and wrangler.toml's own request budgets (test/integration/quotas).
 * - `workers-faults`: fault injection (test/faults): the libSQL server is a separate process the tests
 *   stop, restart and freeze; short synchronous waits so the 202 paths are reachable.
 */
export default defineConfig({
  test: {
    // A line per request and per judgment would bury the output; tests that need them read them with a spy.
    onConsoleLog: (log) => !/"event":"(request|judgment)"/.test(log),
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          // The local libSQL server's attack tests sit with the others (test/integration/security) but
          // speak raw HTTP from Node, as an attacker on the machine would.
          include: ["test/unit/**/*.test.ts", "test/scripts/**/*.test.ts", "test/repo/**/*.test.ts", LIBSQL_ATTACKS],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Each file runs its own wrangler dev and Chromium: one at a time on small machines.
          maxWorkers: 1,
        },
      },
      workersProject({
        name: "workers",
        include: ["test/integration/**/*.test.ts"],
        exclude: ["test/integration/auth/**", "test/integration/quotas/**", "test/integration/shadow/**", LIBSQL_ATTACKS],
        // The webhook receiver listens on 127.0.0.1; the workers-auth project keeps the production default.
        bindings: { CALLBACK_ALLOW_PRIVATE: "on" },
      }),
      workersProject({
        name: "workers-shadow",
        include: ["test/integration/shadow/**/*.test.ts"],
        bindings: { JUDGE_SHADOW: JSON.stringify({ candidate: "shadow-candidate", sample: 0.1 }) },
      }),
      workersProject({
        name: "workers-auth",
        include: ["test/integration/auth/**/*.test.ts"],
        bindings: { API_KEYS: Object.values(TEST_KEYS).map(sha256Hex).join(",") },
        limits: TEST_LIMITS,
      }),
      workersProject({
        name: "workers-quotas",
        include: ["test/integration/quotas/**/*.test.ts"],
        bindings: { API_KEYS: testQuotas(sha256Hex).apiKeys, QUOTAS: testQuotas(sha256Hex).quotas },
        limits: "wrangler.toml",
      }),
      workersProject({
        name: "workers-faults",
        include: ["test/faults/**/*.test.ts"],
        globalSetup: "./test/global-setup-faults.ts",
        bindings: { JUDGE_WAIT_MS: "1500", CELL_MAX_WAITERS: "20" },
        sequential: true,
      }),
    ],
  },
});
