import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoJudgment, expectProblem } from "../../support/workers/assertions.ts";
import { uniqueName } from "../../support/workers/http.ts";
import { callWith, envWith } from "../../support/workers/worker-env.ts";

/**
 * Finding: with `API_KEYS` unset, every `/v1` route was open (one log line said so), so a deployed
 * Worker without keys spent its operator's model credit for anyone. The attacker sends an ordinary
 * unauthenticated judgment request to a deployment that forgot its keys.
 */

afterEach(() => vi.restoreAllMocks());

const judgmentRequest = (cellId: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ cell_id: cellId, content: "spend the operator's credit" }),
});

describe("a Worker deployed without API_KEYS (AUTH left at its default)", () => {
  it("answers every /v1 route 503 misconfigured, saying to set API_KEYS or AUTH=off, and judges nothing", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const deployed = envWith({ AUTH: undefined, API_KEYS: undefined });
    const cellId = uniqueName("open-by-default");
    const attempts: [string, RequestInit][] = [
      ["/v1/judgments", judgmentRequest(cellId)],
      [`/v1/judgments/${cellId}`, {}],
      ["/v1/judgments", {}],
      ["/v1/health", {}],
      [`/v1/cells/${cellId}/stream`, { headers: { upgrade: "websocket" } }],
    ];
    for (const [path, init] of attempts) {
      const reply = await callWith(deployed, path, init);
      expect(reply.headers.get("retry-after"), path).toBe("60");
      const problem = await expectProblem(reply, 503, "misconfigured");
      expect(problem.detail).toContain("API_KEYS");
      expect(problem.detail).toContain("AUTH=off");
    }
    // The test project itself runs with AUTH=off: the cell really has no judgment.
    await expectNoJudgment(cellId);
  });

  it("still answers the public routes: liveness and the docs", async () => {
    const deployed = envWith({ AUTH: undefined, API_KEYS: undefined });
    for (const path of ["/health", "/openapi.json", "/docs"]) {
      const reply = await callWith(deployed, path);
      await reply.arrayBuffer();
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    }
  });

  it("logs the missing keys once per isolate, not once per request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const deployed = envWith({ AUTH: undefined, API_KEYS: undefined });
    for (let i = 0; i < 3; i++) await (await callWith(deployed, "/v1/rubrics")).arrayBuffer();
    const reports = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"event":"misconfigured"'));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!).issues[0]).toContain("API_KEYS: expected");
  });
});

describe("AUTH=off set explicitly without API_KEYS (npm start on 127.0.0.1)", () => {
  it("leaves /v1 open and says so in the log", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const local = envWith({ AUTH: "off", API_KEYS: undefined });
    const reply = await callWith(local, "/v1/rubrics");
    await reply.arrayBuffer();
    expect(reply.status).toBe(200);
    const lines = warnings.mock.calls.map((call) => String(call[0]));
    // Once per isolate: an earlier test file request in this isolate may have logged it already.
    expect(lines.filter((line) => line.includes('"event":"auth_disabled"')).length).toBeLessThanOrEqual(1);
  });

  it("still demands a key when API_KEYS is set, whatever AUTH says", async () => {
    const keyed = envWith({ AUTH: "off", API_KEYS: "a".repeat(64) });
    const reply = await callWith(keyed, "/v1/rubrics");
    await expectProblem(reply, 401, "unauthorized");
  });
});
