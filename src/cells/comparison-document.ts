import { summarizeComparison, type ComparisonSummary, type DimensionAnswers, type DimensionComparison, type Side } from "../judge/comparison/outcome.ts";
import { panelComparison, type PanelComparisonSummary } from "../judge/comparison/panel.ts";
import { ZERO_COST } from "../judge/cost.ts";
import type { MemberStatus } from "../judge/jury/panel-result.ts";
import type { Reality, Rubric } from "../judge/types.ts";
import type { Comparison } from "../schemas/comparison.ts";
import type { Jury } from "../schemas/judgment.ts";
import { ruleOf, type JurorRecord, type StoredPanel } from "./jury-view.ts";

/** What a comparison document is built from: the comparison cell's stored state and answers. */
export interface ComparisonSource {
  cellId: string;
  status: Comparison["status"];
  request: { reality?: Reality | undefined; rubric: Rubric; judge: Comparison["judge"]; panel?: StoredPanel | undefined };
  error: Comparison["error"] | null;
  usage: Comparison["usage"];
  createdAt: number;
  completedAt: number | null;
}

type AnswersByDimension = Readonly<Record<string, DimensionAnswers>>;

/** A single judge's answers, or a panel's: each juror's answers and status. */
export type ComparisonAnswers =
  | { kind: "single"; answers: AnswersByDimension }
  | { kind: "panel"; answers: Readonly<Record<string, AnswersByDimension>>; records: Readonly<Record<string, JurorRecord>> };

const SWAP: Record<Side, Side> = { a: "b", b: "a", tie: "tie" };

/** The `jury` block: who compared, how their votes were combined, and how much they agreed. */
function juryBlock(panel: StoredPanel, records: Readonly<Record<string, JurorRecord>>, summary: PanelComparisonSummary | null): Jury {
  return {
    aggregate: panel.aggregate,
    quorum: panel.quorum,
    members: panel.members.map((member) => {
      const record = records[member.profile];
      return { ...member, status: record?.status ?? "pending", usage: record?.usage ?? ZERO_COST, ...(record?.error ? { error: record.error } : {}) };
    }),
    agreement: summary?.agreement ?? { alpha: null, mean_spread: null },
    disagreements: summary?.disagreements ?? [],
  };
}

function summaryOf(source: ComparisonSource, answers: ComparisonAnswers): ComparisonSummary | PanelComparisonSummary | null {
  if (source.status !== "completed") return null;
  const { rubric, reality, panel } = source.request;
  if (answers.kind === "single" || !panel) return summarizeComparison(rubric, answers.kind === "single" ? answers.answers : {}, reality);
  const statuses: Record<string, MemberStatus> = Object.fromEntries(Object.entries(answers.records).map(([juror, record]) => [juror, record.status]));
  const result = panelComparison(rubric, ruleOf(panel), statuses, answers.answers, reality);
  return result.ok ? result.summary : null;
}

/**
 * The comparison as the API returns it. A comparison cell answers (a, b) and (b, a) alike; `swapped`
 * turns the stored orientation into the asker's, so `a` is always what this request called `a`.
 *
 * @example
 * comparisonDocument(state, { kind: "single", answers: store.answers() }, { cached: true, swapped: false }).winner; // "a"
 */
export function comparisonDocument(source: ComparisonSource, answers: ComparisonAnswers, options: { cached: boolean; swapped: boolean }): Comparison {
  const summary = summaryOf(source, answers);
  const side = (value: Side) => (options.swapped ? SWAP[value] : value);
  const id = encodeURIComponent(source.cellId);
  const { panel } = source.request;
  return {
    comparison_id: source.cellId,
    status: source.status,
    cached: options.cached,
    rubric: { id: source.request.rubric.id, version: source.request.rubric.version },
    reality: source.request.reality ?? null,
    judge: source.request.judge,
    winner: summary ? side(summary.winner) : null,
    margin: summary ? (options.swapped && summary.margin !== 0 ? -summary.margin : summary.margin) : null,
    position_consistency: summary?.position_consistency ?? null,
    first_position_rate: summary?.first_position_rate ?? null,
    dimensions: summary
      ? Object.fromEntries(
          Object.entries(summary.dimensions).map(([dimension, outcome]: [string, DimensionComparison & { jurors?: Record<string, Side | null> }]) => {
            const jurors = outcome.jurors ? { jurors: Object.fromEntries(Object.entries(outcome.jurors).map(([juror, vote]) => [juror, vote && side(vote)])) } : {};
            return [dimension, { ...outcome, winner: side(outcome.winner), ...jurors }];
          }),
        )
      : {},
    axioms: summary
      ? Object.fromEntries(
          Object.entries(summary.axioms).map(([axiom, tally]) => [axiom, options.swapped ? { a_wins: tally.b_wins, b_wins: tally.a_wins, ties: tally.ties } : tally]),
        )
      : {},
    ...(panel && answers.kind === "panel" ? { jury: juryBlock(panel, answers.records, summary && "agreement" in summary ? summary : null) } : {}),
    usage: source.usage,
    ...(source.error ? { error: source.error } : {}),
    created_at: new Date(source.createdAt).toISOString(),
    completed_at: source.completedAt === null ? null : new Date(source.completedAt).toISOString(),
    links: { self: `/v1/comparisons/${id}`, stream: `/v1/comparisons/${id}/stream` },
  };
}
