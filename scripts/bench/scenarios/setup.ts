import { setTimeout as delay } from "node:timers/promises";
import { inLanes } from "../../../src/async/lanes.ts";
import { runClosedLoop } from "../closed-loop.ts";
import { benchContent } from "../markers.ts";
import { judgmentPost, type BenchContext, type SeededCell } from "./context.ts";

/** Cells the read scenarios rotate over: enough that reads spread across many objects. */
export const SEED_CELLS = 200;
const SEED_CONCURRENCY = 20;
/** Tries per seeded cell while the Worker sheds new judgments. */
const SEED_ATTEMPTS = 30;
const WARM_UP_S = 2;
/** Closed-loop connections of the warm-up and the ceiling: enough to keep both workerd processes busy. */
export const CEILING_CONNECTIONS = 10;

/** Scenarios that read or re-post the seeded cells. */
const USES_SEEDED_CELLS = new Set(["cached-reads", "repeat-posts", "mixed"]);

/**
 * Creates the cells the read and repeat scenarios use (once per run; later calls reuse them). Not
 * measured: this is setup.
 *
 * @example
 * const cells = await ensureSeeded(ctx); // 200 × { cellId, content }
 */
export async function ensureSeeded(ctx: BenchContext): Promise<SeededCell[]> {
  if (ctx.seeded.length > 0) return ctx.seeded;
  const cells: SeededCell[] = [];
  const indexes = Array.from({ length: SEED_CELLS }, (_, index) => index);
  await inLanes(indexes, SEED_CONCURRENCY, async (index) => {
    const content = benchContent(ctx.runId, "seed", index);
    let reply = await ctx.client.send(judgmentPost(content, true));
    // A busy machine makes the isolate shed new judgments (503 overloaded, retry after 1 s): setup
    // is not measured, so it waits and asks again rather than failing the run.
    for (let attempt = 1; attempt < SEED_ATTEMPTS && reply.status === 503 && reply.body?.includes('"overloaded"'); attempt += 1) {
      await delay(1_000);
      reply = await ctx.client.send(judgmentPost(content, true));
    }
    if (reply.status !== 200 || reply.body === null) {
      throw new Error(`seeding cell ${index} failed: HTTP ${reply.status} ${reply.error ?? reply.body?.slice(0, 300) ?? ""}`);
    }
    cells[index] = { cellId: (JSON.parse(reply.body) as { cell_id: string }).cell_id, content };
  });
  ctx.seeded = cells;
  ctx.log(`seeded ${cells.length} cells`);
  return cells;
}

/**
 * Gets the stack past its cold start before anything is measured: workerd compiles the Worker lazily
 * and its first requests are several times slower. Seeding the cells (when a scenario needs them) also
 * warms the whole judgment path, model stub and libSQL push included.
 *
 * @example
 * await warmUp(ctx);
 */
export async function warmUp(ctx: BenchContext): Promise<void> {
  await runClosedLoop({ url: `${ctx.apiUrl}${ctx.options.ceilingPath}`, connections: CEILING_CONNECTIONS, durationS: WARM_UP_S });
  if (ctx.options.only.some((name) => USES_SEEDED_CELLS.has(name))) await ensureSeeded(ctx);
  ctx.log("warmed up");
}
