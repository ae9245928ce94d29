import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { BETTER_MARK } from "../../scripts/fake-model/preferences.ts";
import { evaluationStub } from "../../src/objects/evaluation.ts";
import type { Batch } from "../../src/schemas/batch.ts";
import type { Evaluation } from "../../src/schemas/evaluation.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import { answered, fakeCalls } from "../support/workers/fake-model.ts";
import { call, json, postJson, uniqueName } from "../support/workers/http.ts";
import { resultLines } from "./batches/helpers.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";

/** Starts an evaluation and drives its rounds (the alarm it arms) until its report is ready. */
async function evaluate(body: Record<string, unknown>): Promise<Evaluation> {
  const reply = await postJson("/v1/evaluations", body);
  expect(reply.status).toBe(202);
  const started = await json<Evaluation>(reply);
  expect(reply.headers.get("location")).toBe(`/v1/evaluations/${started.evaluation_id}`);
  let evaluation = started;
  while (evaluation.status !== "completed") {
    await runDurableObjectAlarm(evaluationStub(env, OPEN_TENANT, started.evaluation_id));
    evaluation = await json<Evaluation>(await call(`/v1/evaluations/${started.evaluation_id}`));
  }
  return evaluation;
}

/** Twelve contents judged once through the API by the fake model: their Q-scores are the truth here. */
async function judgedContents(marker: string) {
  const contents = Array.from({ length: 12 }, (_, i) => `item ${i} of ${marker}: ${"detail ".repeat(i)}`);
  const judgments = await Promise.all(contents.map(async (content) => json<Judgment>(await postJson("/v1/judgments", { content, judge: "ollama" }))));
  return contents.map((content, i) => ({ content, q: judgments[i]!.q_score! }));
}

describe("POST /v1/evaluations", () => {
  it("labels equal to the judge's scores give ρ = r = 1 and MAE 0; reversed labels give ρ = −1; a re-run calls no model", async () => {
    const marker = uniqueName("eval");
    const items = await judgedContents(marker);
    const callsBefore = answered(await fakeCalls(marker)).length;
    expect(callsBefore).toBe(60);

    const agree = await evaluate({ judge: "ollama", items: items.map(({ content, q }) => ({ content, label: q })) });
    expect(agree).toMatchObject({ total: 12, done: 12, failed: 0, judge: "ollama" });
    expect(agree.report).toMatchObject({ n: 12, spearman: { value: 1 }, pearson: { value: 1 }, mae: { value: 0 }, qwk: { value: 1 }, accuracy: { value: 1 } });
    expect(agree.report?.spearman?.ci95).toEqual([1, 1]);
    expect(agree.report?.baseline.judge).toBe("length");
    expect(agree.report?.pairwise_accuracy).toBeNull();

    const reversed = await evaluate({ judge: "ollama", items: items.map(({ content, q }) => ({ content, label: 100 - q })) });
    expect(reversed.report?.spearman?.value).toBe(-1);
    expect(reversed.report?.pearson?.value).toBe(-1);
    // Labels whose ranks are a permutation with Σd² = n(n²−1)/6 against the scores' ranks: ρ = 0 when
    // the scores are distinct, within a few hundredths when two happen to tie.
    const byScore = [...items].sort((x, y) => x.q - y.q);
    const UNCORRELATED_RANKS = [8, 5, 3, 7, 4, 9, 12, 2, 10, 11, 6, 1];
    const unrelated = await evaluate({ judge: "ollama", items: byScore.map(({ content }, i) => ({ content, label: UNCORRELATED_RANKS[i]! * 5 })) });
    expect(Math.abs(unrelated.report!.spearman!.value)).toBeLessThan(0.1);
    // Every item was an existing cell: no model call beyond the first judgments.
    expect(answered(await fakeCalls(marker))).toHaveLength(callsBefore);
  });

  it("scored items run as a batch: the first run pays for each judgment, a re-run is all cached cells and costs nothing", async () => {
    const marker = uniqueName("eval-batch");
    const items = Array.from({ length: 4 }, (_, i) => ({ content: `fresh item ${i} ${marker}`, label: 20 * i }));
    const first = await evaluate({ judge: "ollama", items });
    expect(first.links.batch).toMatch(/^\/v1\/batches\/b_[0-9a-f]{32}$/);
    const firstBatch = await json<Batch>(await call(first.links.batch!));
    expect(firstBatch).toMatchObject({ status: "completed", total: 4, completed: 4, usage: { llm_calls: 20 } });
    expect(answered(await fakeCalls(marker))).toHaveLength(20);

    const again = await evaluate({ judge: "ollama", items });
    expect(again.report).toEqual(first.report);
    const secondBatch = await json<Batch>(await call(again.links.batch!));
    expect(secondBatch).toMatchObject({ status: "completed", completed: 4, usage: { llm_calls: 0, cost_usd: 0 } });
    expect(answered(await fakeCalls(marker))).toHaveLength(20);
  });

  it("a client polling every second never pushes the evaluation's next check away", async () => {
    const items = Array.from({ length: 3 }, (_, i) => ({ content: `polled ${i} ${uniqueName("poll")}`, label: 50 }));
    // Each item takes its endpoint 2.5 s: the batch is still running after the evaluation's first check.
    const started = await json<Evaluation>(await postJson("/v1/evaluations", { judge: "crawl", items }));
    const stub = evaluationStub(env, OPEN_TENANT, started.evaluation_id);
    const alarmOf = () => runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    // The first heartbeat may be running on its own (its alarm then reads back null until it re-arms).
    await runDurableObjectAlarm(stub);
    await vi.waitFor(async () => expect(await alarmOf()).not.toBeNull());
    const before = await alarmOf();
    for (let poll = 0; poll < 3; poll++) expect((await call(`/v1/evaluations/${started.evaluation_id}`)).status).toBe(200);
    expect(await alarmOf()).toBe(before);
    await evaluate({ judge: "crawl", items });
  });

  it("pass/fail labels: the confusion matrix and κ as computed by hand", async () => {
    const items = await judgedContents(uniqueName("kappa"));
    const threshold = [...items.map((item) => item.q)].sort((a, b) => a - b)[6]!;
    // The labels say pass for the first eight items, whatever their score.
    const labelled = items.map((item, i) => ({ content: item.content, label: i < 8 ? "pass" : "fail" }));
    const evaluation = await evaluate({ judge: "ollama", threshold, items: labelled });
    const matrix = { tp: 0, fp: 0, fn: 0, tn: 0 };
    items.forEach((item, i) => {
      const predicted = item.q >= threshold;
      const actual = i < 8;
      if (predicted && actual) matrix.tp += 1;
      else if (predicted) matrix.fp += 1;
      else if (actual) matrix.fn += 1;
      else matrix.tn += 1;
    });
    const n = 12;
    const po = (matrix.tp + matrix.tn) / n;
    const pe = ((matrix.tp + matrix.fp) / n) * ((matrix.tp + matrix.fn) / n) + ((matrix.fn + matrix.tn) / n) * ((matrix.fp + matrix.tn) / n);
    expect(evaluation.report?.confusion).toEqual(matrix);
    expect(evaluation.report?.accuracy?.value).toBeCloseTo(po, 3);
    expect(evaluation.report?.kappa?.value).toBeCloseTo((po - pe) / (1 - pe), 3);
    expect(evaluation.report?.spearman).toBeNull();
  });

  it("pairs: a judge that sees the better answer agrees with the labels and is position-consistent; longest-wins does not", async () => {
    const marker = uniqueName("pairs");
    const items = Array.from({ length: 6 }, (_, i) => {
      const better = `${BETTER_MARK} ${i} ${marker}`;
      const worse = `a much longer but worse answer number ${i} of ${marker}, padded ${"so very ".repeat(5)}`;
      return i % 2 === 0 ? { a: better, b: worse, label: "a" } : { a: worse, b: better, label: "b" };
    });
    const evaluation = await evaluate({ judge: "marked", items });
    expect(evaluation.report).toMatchObject({ n: 6, pairwise_accuracy: { value: 1 }, position_consistency: { value: 1 } });
    expect(evaluation.report?.baseline.pairwise_accuracy?.value).toBe(0);
  });

  it("pairs run as a batch of comparison items: the first run pays for each comparison, a re-run costs nothing", async () => {
    const marker = uniqueName("pair-batch");
    const items = Array.from({ length: 3 }, (_, i) => ({ a: `${BETTER_MARK} ${i} ${marker}`, b: `a worse answer ${i} ${marker}`, label: "a" }));
    const first = await evaluate({ judge: "marked", items });
    expect(first).toMatchObject({ status: "completed", total: 3, done: 3, failed: 0, report: { n: 3, pairwise_accuracy: { value: 1 } } });
    expect(first.links.batch).toMatch(/^\/v1\/batches\/b_[0-9a-f]{32}$/);
    const firstBatch = await json<Batch>(await call(first.links.batch!));
    expect(firstBatch).toMatchObject({ status: "completed", total: 3, completed: 3 });
    expect(firstBatch.usage.llm_calls).toBeGreaterThan(0);
    const paid = answered(await fakeCalls(marker)).length;
    expect(paid).toBe(firstBatch.usage.llm_calls);

    const again = await evaluate({ judge: "marked", items });
    expect(again.report).toEqual(first.report);
    expect(await json<Batch>(await call(again.links.batch!))).toMatchObject({ status: "completed", completed: 3, usage: { llm_calls: 0, cost_usd: 0 } });
    expect(answered(await fakeCalls(marker))).toHaveLength(paid);
  });

  it("a panel of judges evaluates as a single judge does: each item judged by every juror, through the batch", async () => {
    const marker = uniqueName("panel-eval");
    const items = [0, 1].map((i) => ({ content: `panel evaluation item ${i} ${marker}`, label: 50 }));
    const evaluation = await evaluate({ judge: "jury-median", items });
    expect(evaluation).toMatchObject({ status: "completed", total: 2, done: 2, failed: 0, report: { n: 2 } });
    const batch = await json<Batch>(await call(evaluation.links.batch!));
    expect(batch).toMatchObject({ status: "completed", completed: 2 });
    const results = await resultLines(batch.batch_id);
    expect(results.map((line) => (line.judgment as { jury?: { members: unknown[] } } | undefined)?.jury?.members.length)).toEqual([3, 3]);
  });

  it("refuses bad requests with problem details and starts nothing", async () => {
    const mixed = await postJson("/v1/evaluations", { judge: "default", items: [{ content: "x", label: 1 }, { a: "x", b: "y", label: "a" }] });
    expect(mixed.status).toBe(400);
    expect(await json(mixed)).toMatchObject({ code: "invalid_request" });
    const unknownJudge = await postJson("/v1/evaluations", { judge: "nobody", items: [{ content: "x", label: 1 }] });
    expect(unknownJudge.status).toBe(400);
    expect(await json(unknownJudge)).toMatchObject({ code: "invalid_request" });
    const badLabel = await postJson("/v1/evaluations", { judge: "default", items: [{ content: "x", label: 101 }] });
    expect(badLabel.status).toBe(400);
    await badLabel.arrayBuffer();
    const missing = await call("/v1/evaluations/ev_nothing");
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it("takes up to 10,000 items, past the generic 256-element bound, which other routes keep", async () => {
    const marker = uniqueName("bulk");
    // One content 300 times: one cell, judged once, read 299 times (the bound is what is tested here).
    const items = Array.from({ length: 300 }, (_, i) => ({ content: `the same item ${marker}`, label: i % 101 }));
    const evaluation = await evaluate({ judge: "default", items });
    expect(evaluation).toMatchObject({ status: "completed", total: 300, done: 300, failed: 0, report: { n: 300 } });

    const tooMany = await postJson("/v1/evaluations", { judge: "default", items: Array.from({ length: 10_001 }, () => ({ content: "x", label: 1 })) });
    expect(tooMany.status).toBe(400);
    expect(await json(tooMany)).toMatchObject({ code: "invalid_request" });
    const wideRubric = await postJson("/v1/rubrics", { id: marker.toLowerCase(), description: "x", axioms: Array.from({ length: 300 }, () => ({})) });
    expect(wideRubric.status).toBe(400);
    expect(await json<{ detail: string }>(wideRubric)).toMatchObject({ detail: "the body is out of bounds: an array has more than 256 elements" });
  });
});
