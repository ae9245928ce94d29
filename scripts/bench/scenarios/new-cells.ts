import { CYNIC_36 } from "../../../src/judge/rubric-cynic36.ts";
import { benchContent, checkCalls } from "../markers.ts";
import { runBurst, runOpenLoop } from "../open-loop.ts";
import { isSuccess, round1 } from "../stats.ts";
import { judgmentPost, type BenchContext, type ScenarioResult } from "./context.ts";
import { measure } from "./measure.ts";
import { ensureSeeded } from "./setup.ts";

/**
 * The scenarios that create judgments, each checked for exactly-once: every new cell must cost exactly
 * one model call per axiom, counted at the stub.
 */

/** With JUDGE_BATCH=axiom a judgment is one model call per axiom of the default rubric. */
export const CALLS_PER_JUDGMENT = CYNIC_36.axioms.length;

/** One request in NEW_EVERY of `mixed` is a new cell; the rest re-post existing ones. */
const NEW_EVERY = 10;

/**
 * `new-cells`: every request a never-seen content (a new cell, a full judgment) at `--rate` per
 * second, open loop. Adds the API's overhead over the stub's latency and the exactly-once check.
 *
 * @example
 * const result = await newCells(ctx); // result.model_calls_per_new_cell === 5
 */
export async function newCells(ctx: BenchContext): Promise<ScenarioResult> {
  const { rate, durationS, stubLatencyMs } = ctx.options;
  const answered = new Set<number>();
  const { result, calls } = await measure(ctx, "new-cells", `open loop ${rate}/s for ${durationS} s`, () =>
    runOpenLoop({
      ratePerS: rate,
      durationS,
      send: async (index) => {
        const reply = await ctx.client.send(judgmentPost(benchContent(ctx.runId, "new-cells", index)));
        if (isSuccess(reply.status)) answered.add(index);
        return reply.status;
      },
    }),
  );
  const indexes = Array.from({ length: result.requests }, (_, index) => index);
  const check = checkCalls(calls.byMarker, { scenario: "new-cells", indexes, answered, expected: CALLS_PER_JUDGMENT });
  return {
    ...result,
    overhead_p50_ms: round1(result.p50_ms - stubLatencyMs),
    model_calls_per_new_cell: check.perNewCell,
    cells_miscounted: check.miscounted,
  };
}

/**
 * `stampede`: `--stampede` (default 1,000) requests for the same new cell, all at once. Exactly one
 * judgment may come of it: one set of model calls, one judgment id in every reply.
 *
 * @example
 * const result = await stampede(ctx); // result.judgments === 1, result.model_calls_per_new_cell === 5
 */
export async function stampede(ctx: BenchContext): Promise<ScenarioResult> {
  const count = ctx.options.stampede;
  const request = judgmentPost(benchContent(ctx.runId, "stampede", 0), true);
  const judgmentIds = new Set<string>();
  const answered = new Set<number>();
  const { result, calls } = await measure(ctx, "stampede", `${count} concurrent POSTs of one new cell`, () =>
    runBurst({
      count,
      send: async () => {
        const reply = await ctx.client.send(request);
        if (isSuccess(reply.status) && reply.body !== null) {
          answered.add(0);
          judgmentIds.add((JSON.parse(reply.body) as { judgment_id: string }).judgment_id);
        }
        return reply.status;
      },
    }),
  );
  const check = checkCalls(calls.byMarker, { scenario: "stampede", indexes: [0], answered, expected: CALLS_PER_JUDGMENT });
  return { ...result, judgments: judgmentIds.size, model_calls_per_new_cell: check.perNewCell, cells_miscounted: check.miscounted };
}

/**
 * `mixed`: 90 % POSTs of existing cells, 10 % new cells, at `--rate` per second, open loop.
 *
 * @example
 * const result = await mixed(ctx); // result.model_calls_per_new_cell === 5
 */
export async function mixed(ctx: BenchContext): Promise<ScenarioResult> {
  const cells = await ensureSeeded(ctx);
  const { rate, durationS } = ctx.options;
  const isNew = (index: number) => index % NEW_EVERY === NEW_EVERY - 1;
  const answered = new Set<number>();
  const load = `open loop ${rate}/s for ${durationS} s, 1 in ${NEW_EVERY} new`;
  const { result, calls } = await measure(ctx, "mixed", load, () =>
    runOpenLoop({
      ratePerS: rate,
      durationS,
      send: async (index) => {
        const content = isNew(index) ? benchContent(ctx.runId, "mixed", index) : cells[index % cells.length]!.content;
        const reply = await ctx.client.send(judgmentPost(content));
        if (isSuccess(reply.status)) answered.add(index);
        return reply.status;
      },
    }),
  );
  const indexes = Array.from({ length: result.requests }, (_, index) => index).filter(isNew);
  const check = checkCalls(calls.byMarker, { scenario: "mixed", indexes, answered, expected: CALLS_PER_JUDGMENT });
  return { ...result, model_calls_per_new_cell: check.perNewCell, cells_miscounted: check.miscounted };
}
