import { ZERO_COST, type CostedUsage } from "../judge/cost.ts";
import type { Aggregate } from "../judge/jury/aggregate.ts";
import { panelAgreement, panelDimensions, type MemberStatus, type PanelDimension, type PanelRule } from "../judge/jury/panel-result.ts";
import type { DimensionOutcome, Rubric } from "../judge/types.ts";
import type { Jury } from "../schemas/judgment.ts";

/**
 * A panel judgment as its cell stores it and as the document shows it. The panel's rule is stored
 * with the request (what the cell was asked under, whatever the configuration says later); each
 * juror's outcomes and status are stored as they land, and everything else is derived here. Pure.
 */

/** The panel as it was configured when the cell was asked. */
export interface StoredPanel {
  aggregate: Aggregate;
  quorum: number;
  weights: Record<string, number>;
  /** JURY_DISAGREEMENT at the time. */
  disagreement: number;
  members: { profile: string; provider: string; model: string }[];
}

/** One juror's progress as stored. */
export interface JurorRecord {
  status: MemberStatus;
  usage: CostedUsage;
  error: { code: string; message: string } | null;
}

/** The stored rows of a `juror` table (a cell's or a comparison's) as each juror's record, by name. */
export function jurorRecordsOf(rows: Iterable<Record<string, unknown>>): Record<string, JurorRecord> {
  const records: Record<string, JurorRecord> = {};
  for (const row of rows) {
    records[String(row.name)] = {
      status: String(row.status) as MemberStatus,
      usage: JSON.parse(String(row.usage)) as CostedUsage,
      error: row.error == null ? null : (JSON.parse(String(row.error)) as JurorRecord["error"]),
    };
  }
  return records;
}

export interface JuryView {
  dimensions: Record<string, PanelDimension>;
  jury: Jury;
}

export const ruleOf = (panel: StoredPanel): PanelRule => ({
  members: panel.members.map((member) => member.profile),
  aggregate: panel.aggregate,
  quorum: panel.quorum,
  weights: panel.weights,
});

/** Every figure of the `jury` block and the per-dimension juror scores, from what the cell stored. */
export function juryView(
  rubric: Rubric,
  panel: StoredPanel,
  outcomes: Readonly<Record<string, Record<string, DimensionOutcome>>>,
  records: Readonly<Record<string, JurorRecord>>,
): JuryView {
  const rule = ruleOf(panel);
  const dimensions = panelDimensions(rubric, rule, outcomes);
  const { agreement, disagreements } = panelAgreement(rubric, rule, dimensions, panel.disagreement);
  return {
    dimensions,
    jury: {
      aggregate: panel.aggregate,
      quorum: panel.quorum,
      members: panel.members.map((member) => {
        const record = records[member.profile];
        return {
          ...member,
          status: record?.status ?? "pending",
          usage: record?.usage ?? ZERO_COST,
          ...(record?.error ? { error: record.error } : {}),
        };
      }),
      agreement,
      disagreements,
    },
  };
}

/** Scored (juror, dimension) pairs: what a panel's stream counts in `done`. */
export function scoredPairs(outcomes: Readonly<Record<string, Record<string, DimensionOutcome>>>): number {
  let done = 0;
  for (const byDimension of Object.values(outcomes)) for (const outcome of Object.values(byDimension)) if (outcome.status === "scored") done += 1;
  return done;
}
