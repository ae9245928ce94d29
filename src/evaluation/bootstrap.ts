import { quantile } from "./statistics.ts";

/**
 * Seeded percentile bootstrap: the same items and seed give the same interval on every run and machine,
 * so a report can be compared with yesterday's.
 */

/** mulberry32: a small, fast 32-bit PRNG; statistical quality is ample for resampling indexes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const BOOTSTRAP_RESAMPLES = 1_000;
export const BOOTSTRAP_SEED = 0x5eed;

/**
 * The 95 % interval of `statistic` over `resamples` resamples (with replacement) of `items`; resamples
 * where the statistic is undefined (null) are left out. Null when none is defined.
 *
 * @example
 * bootstrapInterval(items, (sample) => accuracyOf(sample)); // [0.71, 0.86]
 */
export function bootstrapInterval<T>(
  items: readonly T[],
  statistic: (sample: T[]) => number | null,
  options: { resamples?: number; seed?: number } = {},
): [number, number] | null {
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const random = seededRandom(options.seed ?? BOOTSTRAP_SEED);
  if (items.length === 0) return null;
  const values: number[] = [];
  const sample = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)]!;
    const value = statistic(sample);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
}
