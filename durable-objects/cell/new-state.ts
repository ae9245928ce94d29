import type { JudgeChoice } from "../../src/config.ts";
import { storedPanel } from "../../src/cells/panel-rules.ts";
import { judgeRecord } from "../../src/cells/judge-record.ts";
import { pendingRun } from "../../src/cells/pending-run.ts";
import type { Rubric } from "../../src/judge/types.ts";
import type { CellSubmission } from "../../src/objects/cell.ts";
import type { CellState } from "./store.ts";

/**
 * A new judgment of the cell, pending, as the first request that starts it describes it: what is
 * judged, by which judge (a panel stored with its members, so a redeploy cannot change it midway).
 */
export function newCellState(submission: CellSubmission & { rubric: Rubric }, choice: JudgeChoice, juryDisagreement: number): CellState {
  const panel = choice.kind === "panel" ? storedPanel(choice.panel, juryDisagreement) : undefined;
  const judge = judgeRecord(choice);
  return {
    cellId: submission.cellId,
    judgmentId: `j_${crypto.randomUUID().replaceAll("-", "")}`,
    contentDigest: submission.contentDigest,
    request: {
      tenant: submission.tenant,
      content: submission.content,
      context: submission.context,
      reality: submission.reality,
      rubric: submission.rubric,
      judge,
      ...(panel ? { panel } : {}),
    },
    summary: null,
    budgetUsd: submission.budgetUsd,
    ...pendingRun(submission.receivedAt),
  };
}
