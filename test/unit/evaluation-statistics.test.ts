import { describe, expect, it } from "vitest";
import { bootstrapInterval, seededRandom } from "../../src/evaluation/bootstrap.ts";
import { accuracy, cohenKappa, confusionOf, meanAbsoluteError, pearson, quantile, ranks, spearman } from "../../src/evaluation/statistics.ts";

describe("agreement statistics", () => {
  it("pearson and spearman on hand-worked cases", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    // ranks of y: 1, 2, 3.5, 5, 3.5 → r = 8 / √(10 × 9.5)
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
  });

  it("mean absolute error and accuracy", () => {
    expect(meanAbsoluteError([10, 20, 30], [12, 18, 30])).toBeCloseTo(4 / 3, 12);
    expect(accuracy(["a", "b", "tie"], ["a", "a", "tie"])).toBeCloseTo(2 / 3, 12);
    expect(accuracy([], [])).toBeNull();
  });

  it("cohen's kappa, plain and quadratic, as worked by hand", () => {
    // po = 3/4, pe = 0.5 × 0.75 + 0.5 × 0.25 = 0.5 → κ = 0.5
    expect(cohenKappa([0, 1, 1, 0], [0, 1, 0, 0], 2)).toBeCloseTo(0.5, 12);
    expect(cohenKappa([0, 1, 2, 3], [0, 1, 2, 3], 4, "quadratic")).toBeCloseTo(1, 12);
    // Opposite ends of the scale: observed disagreement 1, expected 0.5 → κ = −1
    expect(cohenKappa([0, 0, 3, 3], [3, 3, 0, 0], 4, "quadratic")).toBeCloseTo(-1, 12);
    // One step off in a 4-band scale costs 1/9, not 1
    expect(cohenKappa([0, 1, 2, 3], [1, 1, 2, 3], 4, "quadratic")!).toBeGreaterThan(cohenKappa([0, 1, 2, 3], [1, 1, 2, 3], 4)!);
    expect(cohenKappa([1, 1], [1, 1], 2)).toBe(1);
  });

  it("counts the pass/fail confusion matrix", () => {
    expect(confusionOf([true, true, false, false, true], [true, false, true, false, true])).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
  });

  it("interpolates quantiles", () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5, 12);
  });
});

describe("seeded bootstrap", () => {
  it("is reproducible for a seed and differs across seeds", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(seededRandom(8)()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("brackets the statistic and is the same on every run", () => {
    const items = Array.from({ length: 60 }, (_, i) => i % 3 !== 0);
    const share = (sample: boolean[]) => sample.filter(Boolean).length / sample.length;
    const interval = bootstrapInterval(items, share)!;
    expect(interval[0]).toBeLessThan(share(items));
    expect(interval[1]).toBeGreaterThan(share(items));
    expect(bootstrapInterval(items, share)).toEqual(interval);
    expect(bootstrapInterval([], share)).toBeNull();
  });
});
