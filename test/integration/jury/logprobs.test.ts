import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { JurorStore } from "../../../durable-objects/cell/juror-store.ts";
import { CellStore } from "../../../durable-objects/cell/store.ts";
import { cellStub } from "../../../src/objects/cell.ts";
import { plannedExpectation } from "../../../scripts/fake-model/logprobs.ts";
import { juryCalls } from "../../support/workers/fake-model.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { registerTrioRubric, type JuryJudgment } from "./trio-rubric.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";

/**
 * Probability-weighted scores through both wire formats. The fake plans each score s with the
 * alternatives s 0.6 · s+5 0.25 · s−5 0.1 · `"` 0.05 (scripts/fake-model/logprobs.ts); the judge keeps
 * the whole integers 0–100 and renormalizes:
 *   70 → (0.6·70 + 0.25·75 + 0.1·65) / 0.95 = 70.79
 *   98 → (0.6·98 + 0.1·93) / 0.7 = 97.29          (103 is no score)
 *    3 → (0.6·3 + 0.25·8) / 0.85 = 4.47           (−2 is no score)
 */

let rubric: string;
beforeAll(async () => {
  rubric = await registerTrioRubric();
});

async function judged(judge: string, marker: string): Promise<JuryJudgment> {
  const reply = await postJson("/v1/judgments", { content: `weighted ${marker}`, rubric, judge });
  expect(reply.status).toBe(200);
  return json<JuryJudgment>(reply);
}

describe("probability-weighted scores", () => {
  it.each(["lp-openai", "lp-ollama"])("%s: each score is the exact expected value, the sampled number kept", async (judge) => {
    const marker = uniqueName(judge);
    const judgment = await judged(judge, marker);
    expect([plannedExpectation(70), plannedExpectation(98), plannedExpectation(3)]).toEqual([70.79, 97.29, 4.47]);
    expect(judgment.dimensions).toEqual({
      CLARITY: { axiom: "FORM", status: "scored", score: 70.79, raw_score: 70, scoring: "logprobs", rationale: "fake model: CLARITY judged 70" },
      RIGOR: { axiom: "FORM", status: "scored", score: 97.29, raw_score: 98, scoring: "logprobs", rationale: "fake model: RIGOR judged 98" },
      NOVELTY: { axiom: "FORM", status: "scored", score: 4.47, raw_score: 3, scoring: "logprobs", rationale: "fake model: NOVELTY judged 3" },
    });
    // FORM = (70.79 + 97.29 + 4.47) / 3 = 57.52 → 57.5
    expect(judgment).toMatchObject({ axioms: { FORM: 57.5 }, q_score: 57.5, judge: { profile: judge, scoring_fallbacks: 0 } });
    const calls = await juryCalls(marker);
    expect(calls.map((c) => c.logprobs)).toEqual([true]);
    // Stored, not only remembered: the cell's SQLite, read afresh, holds how each score was made.
    const stored = await runInDurableObject(cellStub(env, OPEN_TENANT, judgment.cell_id), (_, state) => new CellStore(state.storage.sql).dimensions());
    expect(stored.RIGOR).toEqual({ status: "scored", score: 97.29, raw_score: 98, scoring: "logprobs", rationale: "fake model: RIGOR judged 98" });
  });

  it("an endpoint without probabilities falls back to the sampled number and counts every such dimension", async () => {
    const judgment = await judged("lp-none", uniqueName("lp-none"));
    expect(judgment.judge.scoring_fallbacks).toBe(3);
    for (const dimension of Object.values(judgment.dimensions)) expect(dimension).toMatchObject({ score: 60, raw_score: 60, scoring: "direct" });
  });

  it("a panel counts its jurors' fallbacks and aggregates their weighted scores", async () => {
    const judgment = await judged("jury-lp", uniqueName("jury-lp"));
    expect(judgment.judge).toMatchObject({ provider: "panel", scoring_fallbacks: 3 });
    expect(judgment.dimensions.CLARITY).toMatchObject({ score: 70.79, jurors: { "lp-openai": 70.79, "lp-ollama": 70.79, "lp-none": 60 } });
    expect(judgment.dimensions.NOVELTY).toMatchObject({ score: 4.47, jurors: { "lp-openai": 4.47, "lp-ollama": 4.47, "lp-none": 60 } });
    const stored = await runInDurableObject(cellStub(env, OPEN_TENANT, judgment.cell_id), (_, state) => new JurorStore(state.storage.sql).outcomes());
    expect(stored["lp-none"]!.NOVELTY).toEqual({ status: "scored", score: 60, raw_score: 60, scoring: "direct", rationale: "fake model: NOVELTY judged 60" });
    expect(stored["lp-ollama"]!.NOVELTY).toMatchObject({ score: 4.47, raw_score: 3, scoring: "logprobs" });
  });

  it("a direct profile's judgment says nothing of scoring", async () => {
    const judgment = await judged("juror-b", uniqueName("direct"));
    expect("scoring_fallbacks" in judgment.judge).toBe(false);
    expect("scoring" in judgment.dimensions.CLARITY!).toBe(false);
  });
});
