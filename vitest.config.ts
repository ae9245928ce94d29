import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { testJudgeProfiles } from "./test/support/judge-profiles.ts";

/**
 * Two projects:
 * - `node`: pure domain code (test/unit) and the Node scripts (test/scripts: the local libSQL server,
 *   migrations, `npm start`), in plain Node.
 * - `workers`: the Worker and its Durable Objects inside workerd (test/integration), against the real
 *   local libSQL server that test/global-setup.ts starts on a free port.
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
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                LIBSQL_URL: inject<string>("libsqlUrl"),
                JUDGE_PROVIDER: "heuristic",
                JUDGE_PROFILES: JSON.stringify(testJudgeProfiles(inject<string>("fakeModelUrl"))),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          deps: {
            optimizer: {
              ssr: {
                enabled: true,
                include: ["hono", "zod", "drizzle-orm", "@libsql/client", "@hono/zod-openapi"],
              },
            },
          },
        },
      },
    ],
  },
});
