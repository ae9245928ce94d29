import { batchStub, type BatchSpec } from "../../src/objects/batch.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";
import type { Batch } from "../../src/schemas/batch.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { EvaluationItem, EvaluationSettings, ItemResult } from "./store.ts";

/**
 * An evaluation's items (scored items, or pairs as comparison items) run as a batch (durable-objects/batch/): the batch's runner drives them
 * through their cells with its concurrency, its crash recovery and its budget, exactly as for a client's
 * batch, and the evaluation reads the outcomes back when the batch ends. The batch's id is derived from
 * the evaluation's, so a restarted evaluation finds its batch again, and creating it twice is harmless.
 */

/** Result lines read per call when the batch has ended. */
const PAGE = 1_000;

/** The batch of evaluation `ev_<hex>`: `b_<hex>`. */
export const batchIdOf = (evaluationId: string): string => `b_${evaluationId.replace(/^ev_/, "")}`;

/**
 * The batch of an evaluation's items: each an ordinary request under the evaluation's settings, a
 * judgment for a scored item, a comparison for a pair.
 */
export function batchSpecOf(evaluationId: string, settings: EvaluationSettings, items: readonly EvaluationItem[]): BatchSpec {
  const { reality, rubric, judge } = settings;
  return {
    batchId: batchIdOf(evaluationId),
    tenant: settings.tenant ?? OPEN_TENANT,
    items: items.map((item) => ("a" in item ? { a: item.a, b: item.b, context: item.context, reality, rubric, judge } : { content: item.content, context: item.context, reality, rubric, judge })),
    budgetUsd: null,
    callbackUrl: null,
    metadata: { evaluation_id: evaluationId },
    quota: null,
  };
}

/** The batch as it stands, or null when it was never created (the evaluation then creates it). */
export async function describeBatch(env: Env, tenant: string, evaluationId: string): Promise<Batch | null> {
  return batchStub(env, tenant, batchIdOf(evaluationId)).describe();
}

interface ResultLine {
  index: number;
  status: "completed" | "failed" | "skipped" | "pending";
  judgment?: Pick<Judgment, "q_score" | "verdict">;
  comparison?: Pick<Comparison, "winner" | "position_consistency">;
  error?: { code: string; message: string };
}

/** What one finished item's line says, as the report needs it. */
function resultOf(line: ResultLine): { settled: "done" | "failed"; result: ItemResult } {
  const { judgment, comparison } = line;
  if (line.status === "completed" && comparison) {
    return { settled: "done", result: { kind: "pair", winner: comparison.winner ?? "tie", position_consistency: comparison.position_consistency } };
  }
  if (line.status === "completed" && judgment && judgment.q_score !== null && judgment.verdict !== null) {
    return { settled: "done", result: { kind: "score", q_score: judgment.q_score, verdict: judgment.verdict } };
  }
  const error = line.error ?? { code: "insufficient_scores", message: "the judgment has no score" };
  return { settled: "failed", result: { kind: "failed", code: error.code, message: error.message } };
}

/** Reads every item's outcome of an ended batch, in item order. */
export async function readOutcomes(env: Env, tenant: string, evaluationId: string, settle: (index: number, settled: "done" | "failed", result: ItemResult) => void): Promise<void> {
  const stub = batchStub(env, tenant, batchIdOf(evaluationId));
  for (let after = -1; ; ) {
    const page = await stub.results(after, PAGE, null);
    if (!page || page.lines.length === 0) return;
    for (const text of page.lines) {
      const line = JSON.parse(text) as ResultLine;
      const { settled, result } = resultOf(line);
      settle(line.index, settled, result);
    }
    after = page.last;
  }
}
