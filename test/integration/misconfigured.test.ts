import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";

/**
 * A deployed Worker whose variables are wrong (`npm start` refuses them before starting): the real
 * Worker, in workerd, given an environment with bad values and a secret.
 */
const SECRET = "sk-live-do-not-print-me";

function misconfiguredEnv(): Env {
  return { ...env, JUDGE_TIMEOUT_MS: "abc", JUDGE_PROVIDER: "bogus", JUDGE_API_KEY: SECRET } as Env;
}

async function fetchWith(badEnv: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const reply = await worker.fetch(new Request(`http://api.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>, badEnv, ctx);
  await waitOnExecutionContext(ctx);
  return reply;
}

afterEach(() => vi.restoreAllMocks());

describe("a misconfigured Worker", () => {
  it("answers every route with 503 misconfigured naming each bad variable, never a value", async () => {
    const badEnv = misconfiguredEnv();
    const requests: [string, RequestInit?][] = [
      ["/health"],
      ["/docs"],
      ["/openapi.json"],
      ["/v1/judgments", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "x" }) }],
      ["/v1/judgments/some-cell"],
      ["/no/such/route"],
    ];
    for (const [path, init] of requests) {
      const reply = await fetchWith(badEnv, path, init);
      const text = await reply.text();
      expect(reply.status, path).toBe(503);
      expect(reply.headers.get("content-type"), path).toBe("application/problem+json");
      expect(reply.headers.get("retry-after"), path).toBe("60");
      expect(reply.headers.get("x-instance-id"), path).toBeTruthy();
      const problem = JSON.parse(text) as { code: string; detail: string; errors: { path: string; message: string }[] };
      expect(problem.code).toBe("misconfigured");
      expect(problem.detail).toContain("JUDGE_PROVIDER, JUDGE_TIMEOUT_MS");
      expect(problem.errors).toEqual([
        { path: "JUDGE_PROVIDER", message: "expected one of heuristic, ollama, openai (default heuristic)" },
        { path: "JUDGE_TIMEOUT_MS", message: "expected an integer from 100 to 600000 (default 30000)" },
      ]);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("bogus");
    }
  });

  it("logs the reason once, with the values given but no secret, not once per request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const badEnv = misconfiguredEnv();
    for (let i = 0; i < 3; i++) await (await fetchWith(badEnv, "/health")).arrayBuffer();
    const lines = errors.mock.calls.map((call) => String(call[0]));
    const reports = lines.filter((line) => line.includes('"event":"misconfigured"'));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!).issues).toEqual([
      'JUDGE_PROVIDER="bogus": expected one of heuristic, ollama, openai (default heuristic)',
      'JUDGE_TIMEOUT_MS="abc": expected an integer from 100 to 600000 (default 30000)',
    ]);
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(lines.some((line) => line.includes("unhandled_error"))).toBe(false);
  });

  it("skips reconciliation on cron, saying why once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const badEnv = misconfiguredEnv();
    const controller = { scheduledTime: Date.now(), cron: "* * * * *", noRetry: () => undefined } as ScheduledController;
    await worker.scheduled(controller, badEnv);
    await worker.scheduled(controller, badEnv);
    expect(errors.mock.calls.filter((call) => String(call[0]).includes('"event":"misconfigured"'))).toHaveLength(1);
  });
});
