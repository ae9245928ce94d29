import { inLanes } from "../async/lanes.ts";
import type { BatchStrategy } from "../config.ts";
import type { BatchResult, JudgeInput, JudgeProvider } from "./provider.ts";
import type { SpendGuard } from "./spend-guard.ts";
import type { DimensionSpec, Rubric } from "./types.ts";

/**
 * Splits the dimensions still to score into provider calls:
 * `axiom` one call per axiom (default), `all` one call, `dimension` one call each.
 */
export function planBatches(rubric: Rubric, strategy: BatchStrategy, pending: ReadonlySet<string>): DimensionSpec[][] {
  const wanted = (dimension: DimensionSpec) => pending.has(dimension.id);
  switch (strategy) {
    case "all": {
      const all = rubric.axioms.flatMap((axiom) => axiom.dimensions.filter(wanted));
      return all.length > 0 ? [all] : [];
    }
    case "dimension":
      return rubric.axioms.flatMap((axiom) => axiom.dimensions.filter(wanted).map((dimension) => [dimension]));
    case "axiom":
      return rubric.axioms
        .map((axiom) => axiom.dimensions.filter(wanted))
        .filter((batch) => batch.length > 0);
  }
}

export interface ScoreBatchesOptions {
  provider: JudgeProvider;
  input: JudgeInput;
  batches: DimensionSpec[][];
  /** Most calls in flight at once for this judgment. */
  concurrency: number;
  /** Called as each batch finishes, in completion order; the cell persists and streams it. */
  onBatch: (batch: DimensionSpec[], result: BatchResult) => void | Promise<void>;
  signal?: AbortSignal;
  /** The judgment's budget, checked before every model call. */
  budget?: SpendGuard;
}

/**
 * Runs every batch through the provider, at most `concurrency` at a time, reporting each as it ends.
 *
 * @example
 * await scoreBatches({ provider, input: { content }, batches, concurrency: 4, onBatch: persist });
 */
export async function scoreBatches(options: ScoreBatchesOptions): Promise<void> {
  await inLanes(options.batches, options.concurrency, async (batch) => {
    const result = await options.provider.scoreBatch(options.input, batch, options.signal, options.budget);
    await options.onBatch(batch, result);
  });
}
