import { describe, expect, it } from "vitest";
import { failedJudgmentProblem, refusalProblem } from "../../src/cells/outcome-problem.ts";
import { problemResponse } from "../../src/errors.ts";
import type { CellRefusal } from "../../src/objects/cell.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

async function reply(refusal: CellRefusal) {
  const response = problemResponse(refusalProblem(refusal));
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

describe("cell outcomes as problem details", () => {
  it("a conflict is 409 cell_conflict naming the cell", async () => {
    const { status, body } = await reply({ reason: "conflict", cellId: "c1" });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: "cell_conflict", detail: "cell c1 already holds a judgment of different content" });
  });

  it("a budget shortfall keeps its figures as extensions", async () => {
    const { status, body } = await reply({ reason: "budget_too_low", estimatedUsd: 0.5, budgetUsd: 0.1, calls: 5 });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: "budget_too_low", estimated_usd: 0.5, budget_usd: 0.1, calls: 5 });
  });

  it("an overloaded cell says when to come back", async () => {
    const { status, retryAfter, body } = await reply({ reason: "overloaded", maxWaiters: 20, retryAfterSeconds: 3 });
    expect([status, retryAfter, body.code]).toEqual([503, "3", "overloaded"]);
    expect(body.detail).toContain("more than 20 requests are waiting");
  });

  it("an unknown rubric or profile is 400 invalid_request", async () => {
    expect((await reply({ reason: "unknown_rubric", rubric: "x@1" })).body).toMatchObject({ status: 400, detail: "unknown rubric x@1" });
    expect((await reply({ reason: "unknown_profile", profile: "p" })).body).toMatchObject({ status: 400, detail: 'unknown judge profile "p"' });
  });

  it("a failed judgment keeps its Retry-After and the judgment as an extension", async () => {
    const judgment = { cell_id: "c1", status: "failed", error: { code: "rate_limited", message: "slow down", retry_after_seconds: 7 } } as unknown as Judgment;
    const response = problemResponse(failedJudgmentProblem(judgment));
    expect([response.status, response.headers.get("retry-after")]).toEqual([503, "7"]);
    expect(await response.json()).toMatchObject({ code: "provider_unavailable", detail: "the judgment failed: slow down", judgment: { cell_id: "c1" } });
    const internal = failedJudgmentProblem({ ...judgment, error: { code: "internal", message: "x" } } as Judgment);
    expect([internal.code, internal.retryAfterSeconds]).toEqual(["internal", 5]);
  });
});
