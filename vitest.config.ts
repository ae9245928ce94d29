import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { testJudgeProfiles } from "./test/support/judge-profiles.ts";

/** A project running the Worker and its Durable Objects inside workerd, with extra bindings. */
function workersProject(
  name: string,
  options: { include: string[]; globalSetup: string; bindings?: Record<string, string>; sequential?: boolean },
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            LIBSQL_URL: inject<string>("libsqlUrl"),
            JUDGE_PROVIDER: "heuristic",
            JUDGE_PROFILES: JSON.stringify(testJudgeProfiles(inject<string>("fakeModelUrl"))),
            ...options.bindings,
          },
        },
      })),
    ],
    test: {
      name,
      include: options.include,
      globalSetup: [options.globalSetup],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Fault tests stop and freeze the one database their project shares: one file at a time, after
      // the other projects, so nothing else is running against it.
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
 * - `node`: pure domain code (test/unit) and the Node scripts (test/scripts: the local libSQL server,
 *   migrations, `npm start`, the fake model server), in plain Node.
 * - `workers`: the Worker and its Durable Objects inside workerd (test/integration), against the real
 *   local libSQL server and the fake model server that test/global-setup.ts starts on free ports.
 * - `workers-faults`: fault injection (test/faults): the libSQL server is a separate process the tests
 *   stop, restart and freeze; short synchronous waits so 202 paths are reachable.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/unit/**/*.test.ts", "test/scripts/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
      workersProject("workers", { include: ["test/integration/**/*.test.ts"], globalSetup: "./test/global-setup.ts" }),
      workersProject("workers-faults", {
        include: ["test/faults/**/*.test.ts"],
        globalSetup: "./test/global-setup-faults.ts",
        bindings: { JUDGE_WAIT_MS: "1500" },
        sequential: true,
      }),
    ],
  },
});
