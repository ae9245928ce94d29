import { benchContent } from "../markers.ts";
import { runOpenLoop } from "../open-loop.ts";
import { achievedRps, isSuccess, percentile, round1, type Sample } from "../stats.ts";
import { judgmentPost, type BenchContext, type ScenarioResult } from "./context.ts";
import { measure } from "./measure.ts";

/** Requests in flight while the sustainable rate is measured: enough to keep the stack busy, under the admission limit. */
const PROBE_CONCURRENCY = 16;
const PROBE_S = 10;

/** New cells, `concurrency` at a time for `durationS`: what the stack sustains when nobody waits in line. */
async function sustainableRate(ctx: BenchContext): Promise<number> {
  const samples: Sample[] = [];
  const endAt = performance.now() + PROBE_S * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < endAt) {
      const started = performance.now();
      const reply = await ctx.client.send(judgmentPost(benchContent(ctx.runId, "overload-probe", next++)));
      samples.push({ latencyMs: performance.now() - started, status: reply.status, endedAt: performance.now() });
    }
  };
  await Promise.all(Array.from({ length: PROBE_CONCURRENCY }, worker));
  await ctx.stub.settle(1_000, 60_000);
  return achievedRps(samples);
}

/**
 * `overload`: first the sustainable rate of new cells (closed loop, this run), then twice that, open
 * loop, for `--duration`. Graceful overload means the excess is refused at once (503 `overloaded`)
 * while goodput stays near the sustainable rate and nothing waits into a timeout.
 *
 * @example
 * const result = await overload(ctx); // result.goodput_share === 0.93, result.timeouts === 0
 */
export async function overload(ctx: BenchContext): Promise<ScenarioResult> {
  const sustainable = await sustainableRate(ctx);
  const rate = Math.max(1, Math.round(2 * sustainable));
  ctx.log(`overload: sustainable ${sustainable}/s, offering ${rate}/s`);
  const samples: Sample[] = [];
  const { result } = await measure(ctx, "overload", `open loop ${rate}/s (2 x sustainable ${sustainable}/s) for ${ctx.options.durationS} s`, async () => {
    const load = await runOpenLoop({
      ratePerS: rate,
      durationS: ctx.options.durationS,
      send: async (index) => (await ctx.client.send(judgmentPost(benchContent(ctx.runId, "overload", index)))).status,
    });
    samples.push(...load.samples);
    return load;
  });
  const successes = samples.filter((sample) => isSuccess(sample.status));
  const rejections = samples.filter((sample) => sample.status === 503).map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const goodput = round1(successes.length / ctx.options.durationS);
  return {
    ...result,
    sustainable_rps: sustainable,
    offered_rps: rate,
    goodput_rps: goodput,
    goodput_share: sustainable > 0 ? Math.round((100 * goodput) / sustainable) / 100 : 0,
    rejections: rejections.length,
    rejection_p50_ms: round1(percentile(rejections, 50)),
    rejection_p99_ms: round1(percentile(rejections, 99)),
    timeouts: samples.filter((sample) => sample.status === 0).length,
  };
}
