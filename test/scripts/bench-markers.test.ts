import { describe, expect, it } from "vitest";
import { checkCalls } from "../../scripts/bench/markers.ts";
import { benchContent, markerIn } from "../../scripts/bench/markers.ts";

describe("content markers", () => {
  it("are unique per run, scenario and number, and found again inside a prompt", () => {
    const content = benchContent("k3x9", "new-cells", 42);
    expect(benchContent("k3x9", "new-cells", 43)).not.toBe(content);
    expect(benchContent("k3y0", "new-cells", 42)).not.toBe(content);
    expect(markerIn(`Score these 7 dimensions:\n<<<C1>>>\n${content}\n<<<END C1>>>`)).toBe("new-cells/42");
    expect(markerIn("no marker here")).toBeNull();
  });
});

describe("the exactly-once check", () => {
  const asked = { scenario: "new-cells", indexes: [0, 1, 2, 3], answered: new Set([0, 1, 2]), expected: 5 };

  it("passes when every answered cell cost exactly the expected calls", () => {
    expect(checkCalls({ "new-cells/0": 5, "new-cells/1": 5, "new-cells/2": 5, "new-cells/3": 5 }, asked)).toEqual({ perNewCell: 5, miscounted: 0 });
  });

  it("flags a duplicate judgment and an answered cell with missing calls, not an unanswered cell without calls", () => {
    const byMarker = { "new-cells/0": 10, "new-cells/1": 4, "new-cells/2": 5, "other/3": 5 };
    expect(checkCalls(byMarker, asked)).toEqual({ perNewCell: 4.75, miscounted: 2 });
  });

  it("flags an unanswered cell that was judged twice", () => {
    const byMarker = { "new-cells/0": 5, "new-cells/1": 5, "new-cells/2": 5, "new-cells/3": 10 };
    expect(checkCalls(byMarker, asked).miscounted).toBe(1);
  });
});
