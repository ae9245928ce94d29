import { beforeAll, describe, expect, it } from "vitest";
import { BETTER_MARK } from "../../../scripts/fake-model/preferences.ts";
import type { Comparison } from "../../../src/schemas/comparison.ts";
import { answered, juryCalls } from "../../support/workers/fake-model.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";
import { registerTrioRubric, type JuryJudgment } from "../jury/trio-rubric.ts";
import { resultLines, submitBatch, untilEnded } from "./helpers.ts";

/**
 * Batch items whose `judge` names a panel (test/support/judge-profiles.ts): each is the panel judgment
 * or comparison the create routes would start, held to the batch's budget with the whole panel's worst
 * case. On the trio rubric (one axiom: one call per juror and order).
 */

type PanelLine = { index: number; status: string; judgment?: JuryJudgment; comparison?: Comparison; error?: { code: string } };

let rubric: string;
beforeAll(async () => {
  rubric = await registerTrioRubric();
});

describe("a batch of panel items", () => {
  it("judges an item by a panel and compares a pair by a comparison panel, every juror once", { timeout: 60_000 }, async () => {
    const marker = uniqueName("batch-jury");
    const better = `${BETTER_MARK} the careful answer ${marker}`;
    const created = await submitBatch({
      items: [
        { content: `a panel judgment ${marker}`, judge: "jury-median" },
        { a: `the hasty answer ${marker}`, b: better, judge: "cmp-jury" },
      ],
      defaults: { rubric },
    });
    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ status: "completed", total: 2, completed: 2, failed: 0, skipped: 0 });

    const [judged, compared] = (await resultLines(created.batch_id)) as unknown as PanelLine[];
    expect(judged!.judgment).toMatchObject({ status: "completed", judge: { profile: "jury-median", provider: "panel" } });
    expect(judged!.judgment!.jury!.members.map((member) => member.profile)).toEqual(["juror-a", "juror-b", "juror-c"]);
    expect(compared!.comparison).toMatchObject({ status: "completed", winner: "b", judge: { profile: "cmp-jury", provider: "panel" } });
    // Three jurors once for the judgment, three jurors in both orders for the comparison.
    expect(answered(await juryCalls(marker))).toHaveLength(9);
    expect(batch.usage.llm_calls).toBe(9);
  });

  it("reserves a panel's whole worst case: a budget for one panel judgment starts one, the others end skipped", { timeout: 60_000 }, async () => {
    const marker = uniqueName("batch-jury-budget");
    // The panel's worst case, every juror's summed, as the API states it when a budget is too low.
    const probe = await postJson("/v1/judgments", { content: `${marker} probe`, rubric, judge: "jury-penny", budget_usd: 0 });
    expect(probe.status).toBe(422);
    const worstCase = (await json<{ estimated_usd: number }>(probe)).estimated_usd;
    const created = await submitBatch({
      items: Array.from({ length: 4 }, (_, i) => ({ content: `${marker} ${i}` })),
      defaults: { rubric, judge: "jury-penny" },
      budget_usd: worstCase * 1.002,
    });
    const batch = await untilEnded(created.batch_id);
    expect(batch).toMatchObject({ failed: 0, completed: 1, skipped: 3 });
    expect(batch.usage.cost_usd).toBeGreaterThan(0);
    expect(batch.usage.cost_usd).toBeLessThanOrEqual(worstCase * 1.002);
    const skipped = (await resultLines(created.batch_id, "?status=skipped")) as unknown as PanelLine[];
    expect(skipped.map((line) => line.error?.code)).toEqual(["budget_exhausted", "budget_exhausted", "budget_exhausted"]);
  });
});
