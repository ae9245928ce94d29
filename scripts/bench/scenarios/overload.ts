import { benchContent } from "../markers.ts";
import { runOpenLoop } from "../open-loop.ts";
import { achievedRps, isSuccess, percentile, round1, type Sample } from "../stats.ts";
import { judgmentPost, type BenchContext, type ScenarioResult } from "./context.ts";
import { measure } from "./measure.ts";

/**
 * Requests in flight while the sustainable rate is measured, step by step: a closed loop of 16 is
 * latency-bound (16 / (model latency + overhead)) on a host that needs little CPU per judgment, so the
 * probe doubles its concurrency until the rate stops growing, and the highest rate it reached is the
 * stack's sustainable rate. Refused replies are not successes, and a probe refused pauses before its
 * next request (a closed loop refused at once would spin and measure refusals); refusals do not end
 * the probe, so the admission limit under test does not choose the rate it is judged against.
 */
const PROBE_CONCURRENCY = [16, 32, 64, 128] as const;
const PROBE_STEP_S = 5;
/** A step that adds less than this share to the best rate so far ends the probe. */
const PROBE_MIN_GAIN = 0.1;
/** How long a refused probe waits before its next request: about one judgment's model latency. */
const PROBE_REFUSED_PAUSE_MS = 100;

/** New cells, `concurrency` at a time for `durationS`: what the stack sustains at that concurrency. */
async function closedLoopRate(ctx: BenchContext, concurrency: number, durationS: number, first: number): Promise<{ rps: number; sent: number; refused: number }> {
  const samples: Sample[] = [];
  const endAt = performance.now() + durationS * 1000;
  let next = first;
  const worker = async () => {
    while (performance.now() < endAt) {
      const started = performance.now();
      const reply = await ctx.client.send(judgmentPost(benchContent(ctx.runId, "overload-probe", next++)));
      samples.push({ latencyMs: performance.now() - started, status: reply.status, endedAt: performance.now() });
      if (reply.status === 503) await new Promise((resolve) => setTimeout(resolve, PROBE_REFUSED_PAUSE_MS));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rps: achievedRps(samples), sent: next - first, refused: samples.filter((sample) => sample.status === 503).length };
}

/** The highest closed-loop rate of new cells over doubling concurrency: what the stack sustains when nobody waits in line. */
async function sustainableRate(ctx: BenchContext): Promise<number> {
  let best = 0;
  let sent = 0;
  for (const concurrency of PROBE_CONCURRENCY) {
    const step = await closedLoopRate(ctx, concurrency, PROBE_STEP_S, sent);
    sent += step.sent;
    ctx.log(`overload: probe at ${concurrency} in flight: ${step.rps}/s, ${step.refused} refused`);
    const grew = step.rps > best * (1 + PROBE_MIN_GAIN);
    best = Math.max(best, step.rps);
    if (!grew) break;
  }
  await ctx.stub.settle(1_000, 60_000);
  return best;
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
