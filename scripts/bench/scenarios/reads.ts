import { runClosedLoop } from "../closed-loop.ts";
import type { BenchRequest } from "../http-client.ts";
import { runOpenLoop } from "../open-loop.ts";
import { READ_SHARE, type ScenarioName } from "../options.ts";
import { judgmentPost, type BenchContext, type ScenarioResult } from "./context.ts";
import { measure } from "./measure.ts";
import { CEILING_CONNECTIONS, ensureSeeded } from "./setup.ts";

/**
 * The scenarios that create nothing: the ceiling of the cheapest route, then reads and repeats of
 * existing cells offered at a share of that ceiling.
 */

/** Seconds of the ceiling probe run when the read rate is needed but the ceiling was not asked for. */
const CEILING_PROBE_S = 5;

/**
 * `ceiling`: the cheapest route (`--ceiling-path`) at the most the stack can serve, closed loop
 * (autocannon). Its rate is what the read scenarios are held to.
 *
 * @example
 * const result = await ceiling(ctx); // result.achieved_rps ≈ 500
 */
export async function ceiling(ctx: BenchContext, durationS = ctx.options.durationS): Promise<ScenarioResult> {
  const path = ctx.options.ceilingPath;
  const load = `closed loop, ${CEILING_CONNECTIONS} connections, GET ${path}, ${durationS} s`;
  const { result } = await measure(ctx, "ceiling", load, () =>
    runClosedLoop({ url: `${ctx.apiUrl}${path}`, connections: CEILING_CONNECTIONS, durationS }),
  );
  ctx.ceilingRps = result.achieved_rps;
  return result;
}

/** The read scenarios' rate: `--read-rate`, else just over READ_SHARE of the ceiling (measured now if need be). */
async function readRate(ctx: BenchContext): Promise<number> {
  if (ctx.options.readRate !== null) return ctx.options.readRate;
  if (ctx.ceilingRps === null) {
    ctx.log(`measuring the ceiling for ${CEILING_PROBE_S} s to set the read rate`);
    await ceiling(ctx, CEILING_PROBE_S);
  }
  // 2 % above the share, so that the target is not judged on the rounding of the achieved rate.
  return Math.max(1, Math.ceil(READ_SHARE * ctx.ceilingRps! * 1.02));
}

/** Offers `requests` round-robin at the read rate, open loop. */
async function readLoad(ctx: BenchContext, name: ScenarioName, requests: BenchRequest[]): Promise<ScenarioResult> {
  const rate = await readRate(ctx);
  const { durationS } = ctx.options;
  const load = `open loop ${rate}/s for ${durationS} s over ${requests.length} cells`;
  const { result } = await measure(ctx, name, load, () =>
    runOpenLoop({
      ratePerS: rate,
      durationS,
      send: async (index) => (await ctx.client.send(requests[index % requests.length]!)).status,
    }),
  );
  return result;
}

/**
 * `cached-reads`: GET /v1/judgments/{cell_id} of existing cells (the first read of each asks its object,
 * the next ones are answered from the isolate's completed judgments).
 *
 * @example
 * const result = await cachedReads(ctx); // result.p99_ms should stay under 100
 */
export async function cachedReads(ctx: BenchContext): Promise<ScenarioResult> {
  const cells = await ensureSeeded(ctx);
  return readLoad(ctx, "cached-reads", cells.map((cell) => ({ method: "GET", path: `/v1/judgments/${cell.cellId}` })));
}

/**
 * `repeat-posts`: POST /v1/judgments of contents already judged (validation, cell id derivation, then
 * the completed judgment, from the isolate once one read has brought it there; no model call).
 *
 * @example
 * const result = await repeatPosts(ctx); // result.model_calls === 0
 */
export async function repeatPosts(ctx: BenchContext): Promise<ScenarioResult> {
  const cells = await ensureSeeded(ctx);
  return readLoad(ctx, "repeat-posts", cells.map((cell) => judgmentPost(cell.content)));
}
