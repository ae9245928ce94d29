import { beforeAll, describe, expect, inject, it } from "vitest";
import { call } from "../support/workers/http.ts";

/**
 * The document the Worker serves, held to what API teams gate on: Redocly's recommended ruleset
 * (redocly.yaml, no error and no warning) and a client generator (openapi-typescript) whose types
 * must type-check a few calls. The tools run in Node, next to the pool (test/support/openapi-tools.ts).
 */

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let served: string;
beforeAll(async () => {
  const reply = await call("/openapi.json");
  expect(reply.status).toBe(200);
  served = await reply.text();
});

async function runTool<T>(tool: "lint" | "typecheck"): Promise<T> {
  const reply = await fetch(`${inject("openApiToolsUrl")}/${tool}`, { method: "POST", body: served });
  const body = await reply.text();
  expect(reply.status, body).toBe(200);
  return JSON.parse(body) as T;
}

describe("the served OpenAPI document", () => {
  it("passes `redocly lint` (recommended ruleset) with no error and no warning, offline", { timeout: 120_000 }, async () => {
    const report = await runTool<{
      errors: number;
      warnings: number;
      problems: { ruleId: string; severity: string; message: string; pointer: string }[];
      networkAttempts: string[];
      exitCode: number;
    }>("lint");
    expect(report.networkAttempts).toEqual([]);
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.pointer}: ${p.message}`)).toEqual([]);
    expect({ errors: report.errors, warnings: report.warnings, exitCode: report.exitCode }).toEqual({ errors: 0, warnings: 0, exitCode: 0 });
  });

  // tsc on the generated types takes seconds, many more on a loaded machine.
  it("generates TypeScript types (openapi-typescript) that type-check typed calls", { timeout: 180_000 }, async () => {
    const report = await runTool<{ ok: boolean; output: string }>("typecheck");
    expect(report.output).toBe("");
    expect(report.ok).toBe(true);
  });

  it("gives every operation a unique camelCase operationId", () => {
    const document = JSON.parse(served) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, operation]) => ({ at: `${method} ${path}`, id: operation.operationId })),
    );
    expect(ids.length).toBeGreaterThan(10);
    for (const { at, id } of ids) expect(id, at).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids.map(({ id }) => id)).size).toBe(ids.length);
    expect(Object.fromEntries(ids.map(({ at, id }) => [at, id]))).toMatchObject({
      "post /v1/judgments": "createJudgment",
      "get /v1/judgments": "listJudgments",
      "get /v1/judgments/{cell_id}": "getJudgment",
      "get /v1/cells/{cell_id}/stream": "streamCell",
      "post /v1/rubrics": "createRubric",
      "get /v1/rubrics": "listRubrics",
      "get /v1/rubrics/{ref}": "getRubric",
      "get /health": "getHealth",
      "get /v1/health": "getHealthDetail",
      "get /openapi.json": "getOpenApiDocument",
      "get /docs": "getDocs",
      "post /v1/comparisons": "createComparison",
      "get /v1/comparisons/{comparison_id}/stream": "streamComparison",
      "post /v1/evaluations": "createEvaluation",
    });
  });
});

describe("the 400 every operation declares", () => {
  it.each(["/health", "/openapi.json", "/docs", "/v1/rubrics"])("is what %s answers to a malformed request target", async (path) => {
    const document = JSON.parse(served) as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(document.paths[path]?.get.responses).toHaveProperty("400");
    const reply = await call(`${path}?filter=%zz`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await reply.json()).toMatchObject({ code: "invalid_request" });
  });
});
