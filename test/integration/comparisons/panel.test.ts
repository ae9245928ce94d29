import { beforeAll, describe, expect, it } from "vitest";
import { BETTER_MARK } from "../../../scripts/fake-model/preferences.ts";
import type { Comparison } from "../../../src/schemas/comparison.ts";
import { answered, juryCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { askedPair, crashAndResumeComparison, CRASH_RESUME_TIMEOUT_MS } from "../../support/workers/comparison-crash.ts";
import { registerTrioRubric } from "../jury/trio-rubric.ts";

/**
 * Comparisons judged by panels (test/support/judge-profiles.ts): `cmp-jury` is two jurors that prefer
 * the content marked better wherever it is shown, and one that always prefers the first shown. On the
 * trio rubric (one axiom, three dimensions) every figure is worked by hand:
 *
 * - each marked juror votes for the marked content on every dimension, consistently; the biased juror's
 *   two orders disagree, so it votes tie: median of (+1, 0, +1) is +1 on each dimension;
 * - 6 of 9 (juror, dimension) pairs are consistent: position_consistency 0.667; of the 18 answers
 *   (none a tie) the biased juror's 6 and half of the others' 12 preferred the first shown: 0.667;
 * - α over the votes: each dimension (1, 0, 1) gives Dₒ·n = 3 × 4/2 = 6; pooled six 1s and three 0s
 *   give Dₑ·n = 2(9·6 − 36)/8 = 4.5; α = 1 − 6/4.5 = −0.333. Spread 1 on each dimension, no split.
 */

let rubric: string;
beforeAll(async () => {
  rubric = await registerTrioRubric();
});

const isType = (type: string) => (frame: Record<string, unknown>) => frame.type === type;

describe("a comparison judged by a panel", () => {
  it("every juror in both orders; per-dimension majority; agreement; (b, a) is the same cell, its votes flipped", async () => {
    const marker = uniqueName("cmp-jury");
    const better = `${BETTER_MARK} the careful answer ${marker}`;
    const worse = `the hasty answer ${marker}`;
    const reply = await postJson("/v1/comparisons", { a: worse, b: better, rubric, judge: "cmp-jury" });
    expect(reply.status).toBe(200);
    const comparison = await json<Comparison>(reply);
    expect(comparison).toMatchObject({
      status: "completed",
      winner: "b",
      margin: -1,
      position_consistency: 0.667,
      first_position_rate: 0.667,
      axioms: { FORM: { a_wins: 0, b_wins: 3, ties: 0 } },
      judge: { profile: "cmp-jury", provider: "panel" },
    });
    expect(comparison.dimensions.RIGOR).toMatchObject({ winner: "b", consistent: false, jurors: { "cmp-marked-a": "b", "cmp-biased": "tie", "cmp-marked-c": "b" } });
    expect(comparison.dimensions.RIGOR!.rationale).toMatch(/^cmp-marked-a: /);
    expect(comparison.jury).toMatchObject({ aggregate: "median", quorum: 2, agreement: { alpha: -0.333, mean_spread: 1 }, disagreements: [] });
    expect(comparison.jury!.members.map((member) => [member.profile, member.status, member.usage.llm_calls])).toEqual([
      ["cmp-marked-a", "completed", 2],
      ["cmp-biased", "completed", 2],
      ["cmp-marked-c", "completed", 2],
    ]);
    // One call per order per juror (one axiom: one batch), the panel's usage their sum.
    expect(answered(await juryCalls(marker))).toHaveLength(6);
    expect(comparison.usage.llm_calls).toBe(6);

    const swapped = await json<Comparison>(await postJson("/v1/comparisons", { a: better, b: worse, rubric, judge: "cmp-jury" }));
    expect(swapped).toMatchObject({ comparison_id: comparison.comparison_id, cached: true, winner: "a", margin: 1 });
    expect(swapped.dimensions.RIGOR!.jurors).toEqual({ "cmp-marked-a": "a", "cmp-biased": "tie", "cmp-marked-c": "a" });
    expect(answered(await juryCalls(marker))).toHaveLength(6);
  });

  it("a panel is another judge than its jurors: its own cell", async () => {
    const marker = uniqueName("cmp-own");
    const body = { a: `${BETTER_MARK} ${marker}`, b: `plain ${marker}`, rubric };
    const panel = await json<Comparison>(await postJson("/v1/comparisons", { ...body, judge: "cmp-jury" }));
    const single = await json<Comparison>(await postJson("/v1/comparisons", { ...body, judge: "cmp-marked-a" }));
    expect(single.comparison_id).not.toBe(panel.comparison_id);
    expect(single.jury).toBeUndefined();
    expect(single.dimensions.RIGOR!.jurors).toBeUndefined();
  });

  it("below quorum the comparison fails insufficient_scores; a retry asks only the jurors that failed", async () => {
    const marker = uniqueName("cmp-quorum");
    const body = { a: `one ${marker}`, b: `${BETTER_MARK} two ${marker}`, rubric, judge: "cmp-jury-quorum" };
    const reply = await postJson("/v1/comparisons", body);
    expect(reply.status).toBe(503);
    const { comparison } = await json<{ comparison: Comparison }>(reply);
    expect(comparison).toMatchObject({ status: "failed", winner: null, error: { code: "insufficient_scores" } });
    expect(comparison.error!.message).toBe("1 of 3 jurors completed, below the quorum of 2 (failed: juror-down, juror-down-too)");
    expect(comparison.jury!.members.map((member) => member.status)).toEqual(["completed", "failed", "failed"]);
    const marked = (calls: Awaited<ReturnType<typeof juryCalls>>) => answered(calls).filter((c) => c.model.includes("prefer=marked"));
    expect(marked(await juryCalls(marker))).toHaveLength(2);
    const retried = await postJson("/v1/comparisons", body);
    expect(retried.status).toBe(503);
    await retried.arrayBuffer();
    // The completed juror's answers are stored: only the failing jurors are asked again.
    expect(marked(await juryCalls(marker))).toHaveLength(2);
  });
});

describe("a panel comparison that crashes mid-run", () => {
  it("resumes from its alarm asking each juror only its missing (order, dimension) pairs", async () => {
    const id = uniqueName("cmp-jury-crash");
    const { answeredBefore, after } = await crashAndResumeComparison(id, "cmp-jury-slow", 8);
    const providerOf: Record<string, string> = { "cmp-slow-a": "ollama", "cmp-slow-b": "openai" };
    const before = answeredBefore.map((frame) => `${providerOf[String(frame.juror)]}:${String(frame.order)}:${String(frame.dimension)}`);
    const comparison = await json<Comparison>(await call(`/v1/comparisons/${id}`));
    expect(comparison).toMatchObject({ status: "completed", winner: "a", position_consistency: 1 });
    // 35 dimensions × 2 orders × 2 jurors, all asked; what was recorded before the crash never again. A call
    // the model answered while the object was dying was never recorded, so it may be asked once more.
    const calls = answered(await juryCalls(id));
    const asked = calls.map((c) => `${c.provider}:${askedPair(c, id)}`);
    expect(new Set(asked).size).toBe(140);
    for (const triple of before) expect(asked.filter((entry) => entry === triple)).toHaveLength(1);
    expect(after.filter(isType("comparison.answered")).at(-1)).toMatchObject({ done: 140, total: 140 });
  }, CRASH_RESUME_TIMEOUT_MS);
});
