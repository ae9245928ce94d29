import { describe, expect, it } from "vitest";
import { fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { Problem } from "../../src/schemas/problem.ts";

const body = (marker: string, extra: Record<string, unknown> = {}) => ({ cell_id: marker, content: `a priced judgment ${marker}`, judge: "priced", ...extra });

describe("budgets", () => {
  it("refuses to start when the worst case exceeds the default budget, with both figures, calling nothing", async () => {
    const marker = uniqueName("over-budget");
    const reply = await postJson("/v1/judgments", body(marker));
    expect(reply.status).toBe(422);
    const problem = await json<Problem & { estimated_usd: number; budget_usd: number; calls: number }>(reply);
    // Five batches, each worst case three calls (first, schema fallback, repair) of three attempts.
    expect(problem).toMatchObject({ code: "budget_too_low", budget_usd: 1, calls: 45 });
    expect(problem.estimated_usd).toBeGreaterThan(1);
    expect(await fakeCalls(marker)).toHaveLength(0);
    const stored = await call(`/v1/judgments/${marker}`);
    expect(stored.status).toBe(404);
    await stored.arrayBuffer();
  });

  it("judges within its budget and records the actual cost at the profile's prices", async () => {
    const marker = uniqueName("in-budget");
    const reply = await postJson("/v1/judgments", body(marker, { judge: "penny", budget_usd: 1 }));
    expect(reply.status).toBe(200);
    const judgment = await json<Judgment>(reply);
    const { input_tokens, output_tokens, cost_usd } = judgment.usage;
    expect(cost_usd).toBeCloseTo((input_tokens * 1 + output_tokens * 2) / 1e6, 8);
    expect(cost_usd).toBeGreaterThan(0);
  });

  it("does not hold a cached judgment to the budget, and a free judge fits a zero budget", async () => {
    const marker = uniqueName("cached-budget");
    await (await postJson("/v1/judgments", body(marker, { judge: "penny", budget_usd: 1 }))).arrayBuffer();
    const cached = await postJson("/v1/judgments", body(marker, { judge: "penny", budget_usd: 0 }));
    expect(cached.status).toBe(200);
    expect((await json<Judgment>(cached)).cached).toBe(true);
    const free = await postJson("/v1/judgments", { content: uniqueName("free"), budget_usd: 0 });
    expect(free.status).toBe(200);
    await free.arrayBuffer();
  });
});
