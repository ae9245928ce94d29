import { describe, expect, it } from "vitest";
import { aggregateScores } from "../../src/judge/jury/aggregate.ts";
import { disagreementsOf, krippendorffAlpha, meanSpread, panelConfidence } from "../../src/judge/jury/agreement.ts";

const scores = (...values: number[]) => values.map((score, index) => ({ juror: "abcdefg"[index]!, score }));

describe("aggregateScores", () => {
  it("mean, median, trimmed mean and weighted mean of 70, 74, 90", () => {
    const three = scores(70, 74, 90);
    expect(aggregateScores("mean", three)).toBe(78); // 234 / 3
    expect(aggregateScores("median", three)).toBe(74);
    expect(aggregateScores("trimmed_mean", three)).toBe(74); // 70 and 90 dropped
    // a weighs 2: (2·70 + 74 + 90) / 4 = 304 / 4
    expect(aggregateScores("weighted", three, { a: 2 })).toBe(76);
  });

  it("median of an even count is the mean of the middle two; results round to 0.01", () => {
    expect(aggregateScores("median", scores(90, 70, 74, 40))).toBe(72);
    expect(aggregateScores("mean", scores(70, 70, 71))).toBe(70.33);
  });

  it("trimmed mean drops one lowest and one highest only from three scores up", () => {
    expect(aggregateScores("trimmed_mean", scores(60, 80))).toBe(70);
    expect(aggregateScores("trimmed_mean", scores(10, 60, 62, 64, 100))).toBe(62);
    expect(aggregateScores("trimmed_mean", scores(50, 50, 50, 90))).toBe(50);
  });

  it("weighted uses weight 1 for jurors without one, and only the jurors that scored", () => {
    expect(aggregateScores("weighted", [{ juror: "b", score: 40 }, { juror: "c", score: 80 }], { a: 5, c: 3 })).toBe(70); // (40 + 240) / 4
  });

  it("no score from any juror is no score, never a number", () => {
    for (const strategy of ["mean", "median", "trimmed_mean", "weighted"] as const) expect(aggregateScores(strategy, [])).toBeNull();
  });
});

describe("krippendorffAlpha (interval)", () => {
  it("matches the hand-worked 2 × 3 case with a missing value", () => {
    // Dₒ = (96 + 200) / 5 = 59.2; Dₑ = 10912 / (5 · 4) = 545.6; α = 1 − 59.2 / 545.6
    expect(krippendorffAlpha([[70, 74, 78], [40, 50, null]])).toBe(0.891);
  });

  it("reproduces Krippendorff's published example (4 observers, 12 units, missing data): 0.849", () => {
    const n = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
      [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ];
    const units = observers[0]!.map((_, unit) => observers.map((row) => row[unit]!));
    expect(krippendorffAlpha(units)).toBe(0.849);
  });

  it("is 1 when every value is equal, and ignores units with fewer than two values", () => {
    expect(krippendorffAlpha([[70, 70, 70], [70, 70, null], [12, null, null]])).toBe(1);
  });

  it("is negative when jurors disagree more than chance, and null when nothing is pairable", () => {
    expect(krippendorffAlpha([[0, 100], [100, 0]])).toBe(-0.5);
    expect(krippendorffAlpha([[70, null], [null, 40]])).toBeNull();
  });
});

describe("spread, disagreements and panel confidence", () => {
  const matrix = [[70, 74, 78], [40, 50, null], [20, 90, 60], [55, null, null]];

  it("mean spread over dimensions at least two jurors scored, rounded to 0.1", () => {
    expect(meanSpread(matrix)).toBe(29.3); // (8 + 10 + 70) / 3
    expect(meanSpread([[55, null]])).toBeNull();
  });

  it("disagreements reach the threshold, in the order given", () => {
    expect(disagreementsOf(["A", "B", "C", "D"], matrix, 10)).toEqual(["B", "C"]);
    expect(disagreementsOf(["A", "B", "C", "D"], matrix, 25)).toEqual(["C"]);
  });

  it("scales the single-judge confidence by agreement, never above it", () => {
    expect(panelConfidence(0.553, 1)).toBe(0.553);
    expect(panelConfidence(0.553, 0.891)).toBe(0.523); // 0.553 × 0.9455 = 0.52286
    expect(panelConfidence(0.6, -0.5)).toBe(0.3);
    expect(panelConfidence(0.6, null)).toBe(0.3);
  });
});
