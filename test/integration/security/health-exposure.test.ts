import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configOf } from "../../../src/config.ts";
import { admitToEndpoint } from "../../../src/objects/gate-admission.ts";
import type { Health } from "../../../src/schemas/health.ts";
import { expectProblem } from "../../support/workers/assertions.ts";
import { call, json, uniqueName } from "../../support/workers/http.ts";
import { callWith, envWith } from "../../support/workers/worker-env.ts";

/**
 * Finding: `/health` was open, unthrottled and costly (a Turso count over every completed row, an RPC
 * to the ledger and to every gate per hit) and listed profile names, models and breaker state; and a
 * gate that could not be reached let judgments run ungated. The attacker floods `GET /health`, reads
 * what it tells, and overwhelms a gate.
 */

afterEach(() => vi.restoreAllMocks());

describe("GET /health as an attacker sees it", () => {
  it("says only that the Worker is up: no profile, model, endpoint, breaker or storage", async () => {
    const reply = await call("/health");
    const text = await reply.text();
    expect(reply.status).toBe(200);
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(["instance_id", "status", "version"]);
    const profiles = configOf(env).profiles;
    for (const name of ["sharded", "breaker", "openai", "priced"]) expect(profiles[name], name).toBeDefined();
    for (const leak of ["sharded", "breaker", "endpoints", "fake+", "storage", "judgments_unique", "ollama", "openai"]) expect(text).not.toContain(leak);
  });

  it("asks no storage and no object, however often it is hit", async () => {
    // With storage pointing nowhere, a probe would fail or hang: liveness answers anyway, at once.
    const unreachable = envWith({ LIBSQL_URL: "http://127.0.0.1:9" });
    const replies = await Promise.all(Array.from({ length: 50 }, () => callWith(unreachable, "/health")));
    const bodies = await Promise.all(replies.map((reply) => json<{ status: string }>(reply)));
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([200]));
    expect(new Set(bodies.map((body) => body.status))).toEqual(new Set(["ok"]));
  });
});

describe("GET /v1/health, the detailed view", () => {
  it("needs a key when keys are configured", async () => {
    const keyed = envWith({ API_KEYS: "b".repeat(64) });
    const reply = await callWith(keyed, "/v1/health");
    await expectProblem(reply, 401, "unauthorized", ["sharded", "fake+"]);
  });

  it("is measured once per HEALTH_CACHE_MS per isolate, so a flood costs one probe", async () => {
    // The Worker's libSQL client calls the global fetch: each probe of storage is one call to LIBSQL_URL.
    const fetches = vi.spyOn(globalThis, "fetch");
    const storageCalls = () => fetches.mock.calls.filter(([input]) => String(input instanceof Request ? input.url : input).startsWith(env.LIBSQL_URL!)).length;
    const flood = async (workerEnv: Env) => {
      fetches.mockClear();
      const replies = await Promise.all(Array.from({ length: 40 }, () => callWith(workerEnv, "/v1/health")));
      const bodies = await Promise.all(replies.map((reply) => json<Health>(reply)));
      expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([200]));
      return { calls: storageCalls(), checkedAt: new Set(bodies.map((body) => body.checked_at)) };
    };
    // The test project measures every time (HEALTH_CACHE_MS=0): 40 hits are 40 probes.
    expect((await flood(env)).calls).toBeGreaterThanOrEqual(40);
    const cached = envWith({ HEALTH_CACHE_MS: "60000" });
    const first = await json<Health>(await callWith(cached, "/v1/health"));
    const after = await flood(cached);
    expect(after.calls).toBe(0);
    expect(after.checkedAt).toEqual(new Set([first.checked_at]));
  });
});

describe("a gate that cannot be reached", () => {
  it("refuses the run overloaded with a Retry-After, never lets it run ungated", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const overwhelmed = {
      idFromName: (name: string) => env.PROVIDER_GATE.idFromName(name),
      get: () => ({ acquire: () => Promise.reject(new Error("Durable Object is overloaded. Too many requests queued.")) }),
    };
    const gateDown = envWith({ PROVIDER_GATE: overwhelmed });
    const profile = configOf(env).profiles.openai!;
    const admission = await admitToEndpoint(gateDown, profile, { holder: uniqueName("gate-down"), incarnation: "i1" }, 5, 60_000);
    expect(admission).toEqual({
      refused: { ok: false, code: "overloaded", message: expect.stringContaining("gate did not answer"), retryAfterSeconds: 5 },
    });
    expect(warnings.mock.calls.map((call) => String(call[0])).some((line) => line.includes('"event":"gate_unreachable"'))).toBe(true);
  });
});
