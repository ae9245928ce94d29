import { describe, expect, it } from "vitest";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

describe("POST /v1/judgments with the offline judge", () => {
  it("returns a completed judgment with 35 scored dimensions, a Q-score and a verdict", async () => {
    const reply = await postJson("/v1/judgments", { content: `function add(a,b){return a+b} // ${uniqueName("x")}` });
    expect(reply.status).toBe(200);
    const judgment = await json<Judgment>(reply);
    expect(judgment.status).toBe("completed");
    expect(judgment.cached).toBe(false);
    expect(Object.values(judgment.dimensions).filter((d) => d.status === "scored")).toHaveLength(35);
    expect(Object.keys(judgment.axioms).sort()).toEqual(["BURN", "CULTURE", "FIDELITY", "PHI", "VERIFY"]);
    expect(judgment.q_score).toBeGreaterThan(0);
    expect(["HOWL", "WAG", "GROWL", "BARK"]).toContain(judgment.verdict);
    expect(judgment.confidence).toBeLessThanOrEqual(0.618);
    expect(judgment.judge.provider).toBe("heuristic");
    expect(judgment.cell_id).toMatch(/^c_[0-9a-f]{32}$/);
  });

  it("answers the same request again from the cell, cached, with the same judgment id", async () => {
    const body = { content: `const x = 1; // ${uniqueName("repeat")}` };
    const first = await json<Judgment>(await postJson("/v1/judgments", body));
    const again = await postJson("/v1/judgments", body);
    expect(again.status).toBe(200);
    const second = await json<Judgment>(again);
    expect(second.cached).toBe(true);
    expect(second.judgment_id).toBe(first.judgment_id);
    expect(second.q_score).toBe(first.q_score);
  });

  it("derives different cells for different reality or context", async () => {
    const content = `print("hi") # ${uniqueName("derive")}`;
    const plain = await json<Judgment>(await postJson("/v1/judgments", { content }));
    const coded = await json<Judgment>(await postJson("/v1/judgments", { content, reality: "CODE" }));
    const withContext = await json<Judgment>(await postJson("/v1/judgments", { content, context: "a greeting" }));
    expect(new Set([plain.cell_id, coded.cell_id, withContext.cell_id]).size).toBe(3);
  });

  it("refuses different content for an existing explicit cell id with 409 cell_conflict", async () => {
    const cellId = uniqueName("conflict");
    expect((await postJson("/v1/judgments", { cell_id: cellId, content: "one" })).status).toBe(200);
    const reply = await postJson("/v1/judgments", { cell_id: cellId, content: "two" });
    expect(reply.status).toBe(409);
    expect(reply.headers.get("content-type")).toContain("application/problem+json");
    expect((await json(reply)).code).toBe("cell_conflict");
  });
});

describe("GET /v1/judgments/{cell_id}", () => {
  it("returns the judgment stored in the cell", async () => {
    const cellId = uniqueName("get");
    const created = await json<Judgment>(await postJson("/v1/judgments", { cell_id: cellId, content: "text" }));
    const reply = await call(`/v1/judgments/${cellId}`);
    expect(reply.status).toBe(200);
    const fetched = await json<Judgment>(reply);
    expect(fetched.judgment_id).toBe(created.judgment_id);
    expect(fetched.links.self).toBe(`/v1/judgments/${cellId}`);
  });

  it("answers 404 problem+json for a cell never judged", async () => {
    const reply = await call(`/v1/judgments/${uniqueName("missing")}`);
    expect(reply.status).toBe(404);
    const problem = await json(reply);
    expect(problem).toMatchObject({ status: 404, code: "not_found", type: "/problems/not_found" });
  });
});
