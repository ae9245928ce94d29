import { beforeAll, describe, expect, it } from "vitest";
import { answered, juryCalls } from "../../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe } from "../../support/workers/socket.ts";
import { registerTrioRubric, type JuryJudgment } from "./trio-rubric.ts";

/**
 * Panels of three jurors on three fake endpoints with planned scores (test/support/judge-profiles.ts):
 *
 *   juror      CLARITY  RIGOR  NOVELTY
 *   juror-a       70      40      90
 *   juror-b       74      50      20
 *   juror-c       78      45      60
 *
 * α (interval): Dₒ·n = 192/2 + 300/2 + 14800/2 = 7646; pooled n = 9, Σ = 527, Σv² = 34685,
 * Dₑ·n = 2(9·34685 − 527²)/8 = 8609; α = 1 − 7646/8609 = 0.112. Spreads 8, 10, 70: mean 29.3, and
 * NOVELTY ≥ 25 is the one disagreement.
 */

let rubric: string;
beforeAll(async () => {
  rubric = await registerTrioRubric();
});

const judge = (judgeName: string, marker: string, extra: Record<string, unknown> = {}) =>
  postJson("/v1/judgments", { content: `a panel judgment ${marker}`, rubric, judge: judgeName, ...extra });

const scoresOf = (judgment: JuryJudgment) => Object.fromEntries(Object.entries(judgment.dimensions).map(([id, d]) => [id, d.score]));

describe("a panel of three jurors", () => {
  it("aggregates per strategy, measures agreement, and sums usage over the members", async () => {
    const marker = uniqueName("strategies");
    const [median, mean, trimmed, weighted] = await Promise.all(
      ["jury-median", "jury-mean", "jury-trimmed", "jury-weighted"].map(async (name) => {
        const reply = await judge(name, marker);
        expect(reply.status, name).toBe(200);
        return json<JuryJudgment>(reply);
      }),
    );
    expect(scoresOf(median!)).toEqual({ CLARITY: 74, RIGOR: 45, NOVELTY: 60 });
    expect(scoresOf(mean!)).toEqual({ CLARITY: 74, RIGOR: 45, NOVELTY: 56.67 });
    expect(scoresOf(trimmed!)).toEqual({ CLARITY: 74, RIGOR: 45, NOVELTY: 60 });
    // juror-a weighs 2: CLARITY (140 + 74 + 78) / 4, RIGOR (80 + 50 + 45) / 4, NOVELTY (180 + 20 + 60) / 4
    expect(scoresOf(weighted!)).toEqual({ CLARITY: 73, RIGOR: 43.75, NOVELTY: 65 });

    // The Part 1 math on the aggregates: FORM = mean of the three, Q = FORM (one axiom).
    expect(median).toMatchObject({ axioms: { FORM: 59.7 }, q_score: 59.7, verdict: "WAG", flags: ["RIGOR"] });
    expect(mean).toMatchObject({ axioms: { FORM: 58.6 }, q_score: 58.6 });
    expect(weighted).toMatchObject({ axioms: { FORM: 60.6 }, q_score: 60.6 });
    // Single-judge confidence 0.549 (0.5 + 9.7/200, rounded) × (0.5 + 0.5 × 0.112) = 0.3052
    expect(median!.confidence).toBe(0.305);

    for (const judgment of [median!, mean!, trimmed!, weighted!]) {
      expect(judgment.jury!.agreement).toEqual({ alpha: 0.112, mean_spread: 29.3 });
      expect(judgment.jury!.disagreements).toEqual(["NOVELTY"]);
    }
    expect(median!.dimensions.NOVELTY).toMatchObject({ status: "scored", jurors: { "juror-a": 90, "juror-b": 20, "juror-c": 60 } });
    expect(median!.dimensions.NOVELTY!.rationale).toMatch(/^juror-c: /);
    expect(median!.judge).toMatchObject({ profile: "jury-median", provider: "panel" });
    expect(median!.jury).toMatchObject({ aggregate: "median", quorum: 2 });
    expect(weighted!.jury!.aggregate).toBe("weighted");
    const members = median!.jury!.members;
    expect(members.map((m) => [m.profile, m.provider, m.status])).toEqual([
      ["juror-a", "ollama", "completed"],
      ["juror-b", "openai", "completed"],
      ["juror-c", "ollama", "completed"],
    ]);
    for (const member of members) expect(member.usage.llm_calls).toBe(1);
    expect(median!.usage.llm_calls).toBe(3);
    expect(median!.usage.input_tokens).toBe(members.reduce((sum, m) => sum + m.usage.input_tokens, 0));
    expect(median!.usage.output_tokens).toBe(members.reduce((sum, m) => sum + m.usage.output_tokens, 0));

    // Each juror was asked once per panel, each at its own endpoint (one fake server per juror).
    const calls = answered(await juryCalls(marker));
    expect(calls).toHaveLength(12);
    expect(new Set(calls.map((c) => c.model)).size).toBe(3);
  });

  it("runs jurors sharing an endpoint through their one gate together, each asked once", async () => {
    const marker = uniqueName("twins");
    const reply = await judge("jury-twins", marker);
    // A grouped release that never came back would leave the panel unfinished: not a 200.
    expect(reply.status).toBe(200);
    const judgment = await json<JuryJudgment>(reply);
    expect(judgment.jury!.members.map((m) => [m.profile, m.status])).toEqual([
      ["juror-a", "completed"],
      ["juror-a-twin", "completed"],
      ["juror-b", "completed"],
    ]);
    expect(judgment.dimensions.NOVELTY).toMatchObject({ jurors: { "juror-a": 90, "juror-a-twin": 90, "juror-b": 20 } });
    const calls = answered(await juryCalls(marker));
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.model)).size).toBe(2);
  });

  it("completes on quorum when one juror's endpoint fails, inventing no score for it", async () => {
    const marker = uniqueName("one-down");
    const reply = await judge("jury-one-down", marker);
    expect(reply.status).toBe(200);
    const judgment = await json<JuryJudgment>(reply);
    expect(judgment.status).toBe("completed");
    expect(judgment.jury!.members.map((m) => [m.profile, m.status])).toEqual([["juror-a", "completed"], ["juror-b", "completed"], ["juror-down", "failed"]]);
    expect(judgment.jury!.members[2]!.error).toMatchObject({ code: "provider_unavailable" });
    expect(judgment.jury!.members[2]!.error!.message).toMatch(/HTTP 500/);
    expect(judgment.dimensions.CLARITY!.jurors).toEqual({ "juror-a": 70, "juror-b": 74, "juror-down": null });
    // Two scores each: the median is their mean.
    expect(scoresOf(judgment)).toEqual({ CLARITY: 72, RIGOR: 45, NOVELTY: 55 });
    // Over jurors a and b: spreads 4, 10, 70; Dₒ·n = 32 + 200 + 9800 = 10032, pooled Σ = 344, Σv² = 22976,
    // Dₑ·n = 2(6·22976 − 344²)/5 = 7808; α = 1 − 10032/7808, below 0: they disagree more than chance.
    expect(judgment.jury!.agreement).toEqual({ alpha: -0.285, mean_spread: 28 });
    // So the panel's confidence is half the single-judge one: 0.5 + |57.3 − 50|/200 = 0.5365 → 0.537, × 0.5 = 0.2685
    expect(judgment).toMatchObject({ q_score: 57.3, confidence: 0.269 });
  });

  it("fails with insufficient_scores when two of three jurors fail, and a retry asks only the failed ones", async () => {
    const marker = uniqueName("two-down");
    const reply = await judge("jury-two-down", marker);
    expect(reply.status).toBe(503);
    const problem = await json<{ code: string; judgment: JuryJudgment }>(reply);
    expect(problem.judgment.status).toBe("failed");
    expect(problem.judgment.error).toMatchObject({ code: "insufficient_scores" });
    expect(problem.judgment.error!.message).toMatch(/1 of 3 jurors completed, below the quorum of 2/);
    expect(problem.judgment.q_score).toBeNull();
    expect(problem.judgment.jury!.members.map((m) => m.status)).toEqual(["completed", "failed", "failed"]);
    const first = answered(await juryCalls(marker));
    expect(first.filter((c) => c.model.includes("scores=")).length).toBe(1);

    const retried = await judge("jury-two-down", marker);
    expect(retried.status).toBe(503);
    await retried.arrayBuffer();
    // juror-a's pairs are stored: only the failing jurors are asked again.
    expect(answered(await juryCalls(marker)).filter((c) => c.model.includes("scores="))).toHaveLength(1);
  });

  it("streams one dimension.scored per (juror, dimension), counting pairs, then the aggregated judgment", async () => {
    const cellId = uniqueName("jury-stream");
    const stream = await subscribe(cellId);
    try {
      const reply = await postJson("/v1/judgments", { cell_id: cellId, content: `streamed ${cellId}`, rubric, judge: "jury-median" });
      const judgment = await json<JuryJudgment>(reply);
      const frames = await stream.until((frame) => frame.type === "judgment.completed");
      expect(frames.find((frame) => frame.type === "judgment.started")).toMatchObject({ total: 9 });
      const scored = frames.filter((frame) => frame.type === "dimension.scored");
      expect(scored).toHaveLength(9);
      expect(scored.map((frame) => frame.done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(scored.every((frame) => frame.total === 9)).toBe(true);
      expect(new Set(scored.map((frame) => `${frame.juror}/${frame.dimension}`)).size).toBe(9);
      expect(scored.find((frame) => frame.juror === "juror-b" && frame.dimension === "NOVELTY")).toMatchObject({ score: 20, axiom: "FORM" });
      expect(frames.at(-1)).toMatchObject({ judgment: { judgment_id: judgment.judgment_id, q_score: 59.7, jury: { agreement: { alpha: 0.112 } } } });
    } finally {
      stream.close();
    }
    const snapshotStream = await subscribe(cellId);
    try {
      const [snapshot] = await snapshotStream.until((frame) => frame.type === "snapshot");
      expect(snapshot).toMatchObject({ status: "completed", done: 9, total: 9 });
    } finally {
      snapshotStream.close();
    }
  });

  it("gives 100 concurrent requests for one panel cell one judgment, each juror asked once per batch", async () => {
    const marker = uniqueName("jury-stampede");
    const replies = await Promise.all(Array.from({ length: 100 }, () => judge("jury-slow", marker)));
    const judgments = await Promise.all(replies.map((reply) => json<JuryJudgment>(reply)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(100).fill(200));
    expect(new Set(judgments.map((j) => j.judgment_id)).size).toBe(1);
    const calls = answered(await juryCalls(marker));
    // batch "dimension": three calls per juror, one per dimension, never twice.
    expect(calls).toHaveLength(9);
    const pairs = calls.map((c) => `${c.model}/${c.dimensions.join(",")}`);
    expect(new Set(pairs).size).toBe(9);
    expect(judgments[0]!.jury!.members.every((m) => m.usage.llm_calls === 3)).toBe(true);
  });

  it("holds the whole panel to the budget, with each juror's worst case", async () => {
    const marker = uniqueName("jury-budget");
    const reply = await judge("jury-priced", marker, { budget_usd: 0.5 });
    expect(reply.status).toBe(422);
    const problem = await json<{ code: string; detail: string; estimated_usd: number; calls: number; members: { profile: string; estimated_usd: number; calls: number }[] }>(reply);
    expect(problem.code).toBe("budget_too_low");
    // One batch each, whose worst case is three calls (first, schema fallback, repair) of three attempts.
    expect(problem.members.map((m) => [m.profile, m.calls])).toEqual([["juror-a", 9], ["juror-priced", 9], ["priced", 9]]);
    expect(problem.members[0]!.estimated_usd).toBe(0);
    expect(problem.members[1]!.estimated_usd).toBeGreaterThan(0);
    expect(problem.estimated_usd).toBeCloseTo(problem.members[1]!.estimated_usd + problem.members[2]!.estimated_usd, 6);
    expect(problem.calls).toBe(27);
    expect(problem.detail).toMatch(/per juror: juror-a \$0, juror-priced \$/);
    expect(await juryCalls(marker)).toHaveLength(0);
  });

  it("leaves single-judge judgments without a jury", async () => {
    const reply = await postJson("/v1/judgments", { content: uniqueName("single"), rubric, judge: "juror-a" });
    const judgment = await json<JuryJudgment>(reply);
    expect(judgment.status).toBe("completed");
    expect("jury" in judgment).toBe(false);
    expect(judgment.dimensions.CLARITY).toEqual({ axiom: "FORM", score: 70, rationale: "fake model: CLARITY judged 70", status: "scored" });
  });

  it("refuses an unknown judge with a 400 naming it", async () => {
    const reply = await postJson("/v1/judgments", { content: "x", judge: "jury-nobody" });
    expect(reply.status).toBe(400);
    expect((await json<{ detail: string }>(reply)).detail).toMatch(/unknown judge profile "jury-nobody"/);
    const read = await call("/v1/judgments/never-judged-jury");
    expect(read.status).toBe(404);
    await read.arrayBuffer();
  });
});
