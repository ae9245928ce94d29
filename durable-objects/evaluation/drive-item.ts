import { comparisonIdentity } from "../../src/cells/comparison-identity.ts";
import { cellIdentity } from "../../src/cells/identity.ts";
import { configOf } from "../../src/config.ts";
import { cellStub, type CellRefusal } from "../../src/objects/cell.ts";
import { comparisonStub } from "../../src/objects/comparison.ts";
import { builtInRubric, formatRubricRef } from "../../src/rubrics/ref.ts";
import { resolveRubric } from "../../src/rubrics/registry.ts";
import { OPEN_TENANT } from "../../src/security/tenant.ts";
import type { Comparison } from "../../src/schemas/comparison.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { EvaluationItem, EvaluationSettings, ItemResult } from "./store.ts";

/**
 * Judges one labelled item as an ordinary cell of the evaluation's tenant (a judgment, or a comparison for a pair): the same
 * identity a client's request would derive, so a re-run, or a client that judged the same content
 * before, is answered from the cell without a model call.
 */

/** What became of an item: settled, or to be asked again later (the cell keeps working meanwhile). */
export type ItemOutcome = { settled: "done" | "failed"; result: ItemResult } | { retryInMs: number };

/** How long one request waits on its cell before the item is asked again (the cell keeps scoring). */
const ITEM_WAIT_MS = 20_000;
/** A failed cell is retried (it resumes what is missing) this many times before the item fails. */
const MAX_ATTEMPTS = 3;

function refused(refusal: CellRefusal): ItemOutcome {
  if (refusal.reason === "overloaded") return { retryInMs: refusal.retryAfterSeconds * 1_000 };
  return { settled: "failed", result: { kind: "failed", code: refusal.reason, message: `the cell refused the item: ${refusal.reason}` } };
}

function failedOrRetry(attempts: number, error: { code: string; message: string; retry_after_seconds?: number } | undefined): ItemOutcome {
  if (attempts + 1 < MAX_ATTEMPTS) return { retryInMs: (error?.retry_after_seconds ?? 2) * 1_000 };
  return { settled: "failed", result: { kind: "failed", code: error?.code ?? "internal", message: error?.message ?? "the cell failed" } };
}

/**
 * @example
 * const outcome = await driveItem(env, settings, { content: "x", label: 70 }, 0);
 * if ("settled" in outcome) store.settle(index, outcome.settled, outcome.result);
 */
export async function driveItem(env: Env, settings: EvaluationSettings, item: EvaluationItem, attempts: number): Promise<ItemOutcome> {
  const config = configOf(env);
  const profile = config.profiles[settings.judge];
  if (!profile) return { settled: "failed", result: { kind: "failed", code: "unknown_profile", message: `judge profile ${settings.judge} is not configured` } };
  const tenant = settings.tenant ?? OPEN_TENANT;
  const rubric = await resolveRubric(env, tenant, settings.rubric);
  const ref = formatRubricRef(rubric);
  const common = {
    context: item.context,
    reality: settings.reality,
    rubric: builtInRubric(ref) ? ref : rubric,
    profile: profile.name,
    budgetUsd: config.budgetUsd,
    waitMs: ITEM_WAIT_MS,
    receivedAt: Date.now(),
  };
  if ("a" in item) {
    const { cellId, contentDigest } = await comparisonIdentity({ a: item.a, b: item.b, context: item.context, reality: settings.reality, rubric, profile });
    const reply = await comparisonStub(env, tenant, cellId).submit({ ...common, cellId, contentDigest, a: item.a, b: item.b });
    if (reply.kind === "refused") return refused(reply.refusal);
    const comparison = JSON.parse(reply.text) as Comparison;
    if (reply.status === "completed") return { settled: "done", result: { kind: "pair", winner: comparison.winner ?? "tie", position_consistency: comparison.position_consistency } };
    return reply.status === "failed" ? failedOrRetry(attempts, comparison.error) : { retryInMs: 1_000 };
  }
  const { cellId, contentDigest } = await cellIdentity({ content: item.content, context: item.context, reality: settings.reality, rubric, profile });
  const reply = await cellStub(env, tenant, cellId).submit({ ...common, tenant, cellId, contentDigest, content: item.content });
  if (reply.kind === "refused") return refused(reply.refusal);
  const judgment = JSON.parse(reply.text) as Judgment;
  if (reply.status === "completed" && judgment.q_score !== null && judgment.verdict !== null) {
    return { settled: "done", result: { kind: "score", q_score: judgment.q_score, verdict: judgment.verdict } };
  }
  return reply.status === "failed" ? failedOrRetry(attempts, judgment.error) : { retryInMs: 1_000 };
}
