import { describe, expect, it } from "vitest";
import { countersOf, finished } from "../../src/dashboard/client/batch-types.ts";
import { ago, isoToLocalInput, localInputToIso, milliseconds, percent, score } from "../../src/dashboard/client/format.ts";
import { labelPlacement, polygonPoints, spokePoint } from "../../src/dashboard/client/radar-geometry.ts";

describe("the radar chart's geometry", () => {
  it("puts spoke 0 straight up and goes clockwise, 100 on the rim, clamped to 0–100", () => {
    expect(spokePoint(0, 4, 100, 100)).toEqual({ x: 0, y: -100 });
    expect(spokePoint(1, 4, 50, 100)).toEqual({ x: 50, y: 0 });
    expect(spokePoint(2, 4, 100, 100)).toEqual({ x: 0, y: 100 });
    expect(spokePoint(3, 4, 150, 100)).toEqual({ x: -100, y: 0 });
    expect(spokePoint(1, 4, -5, 100)).toEqual({ x: 0, y: 0 });
  });

  it("joins the values of five axioms into SVG polygon points", () => {
    expect(polygonPoints([100, 100, 100, 100, 100], 100)).toBe("0,-100 95.11,-30.9 58.78,80.9 -58.78,80.9 -95.11,-30.9");
    expect(polygonPoints([0, 0, 0], 100)).toBe("0,0 0,0 0,0");
  });

  it("anchors labels away from the chart: centred at the top, left on the right side, right on the left side", () => {
    expect(labelPlacement(0, 5, 100).anchor).toBe("middle");
    expect(labelPlacement(1, 5, 100).anchor).toBe("start");
    expect(labelPlacement(4, 5, 100).anchor).toBe("end");
  });
});

describe("the dashboard's formats", () => {
  it("writes scores with one decimal, durations in ms or s, and bar widths clamped", () => {
    expect(score(71.25)).toBe("71.3");
    expect(score(null)).toBe("–");
    expect(milliseconds(46)).toBe("46 ms");
    expect(milliseconds(2_345)).toBe("2.35 s");
    expect(percent(120)).toBe("100%");
    expect(percent(-1)).toBe("0%");
  });

  it("says how long ago an instant was", () => {
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(ago("2026-12-02T09:57:00Z", now)).toBe("3 minutes ago");
    expect(ago("2026-12-02T09:59:58Z", now)).toBe("2 seconds ago");
    expect(ago("not a date", now)).toBe("not a date");
  });

  it("turns a datetime-local value into the ISO instant the API filters on, and back", () => {
    const iso = localInputToIso("2026-12-02T09:30")!;
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    expect(isoToLocalInput(iso)).toBe("2026-12-02T09:30");
    expect(localInputToIso("")).toBeUndefined();
  });
});

describe("batch stream frames", () => {
  it("reads the counters at a frame's top level or in its batch, and marks batch.completed as completed", () => {
    expect(countersOf({ type: "batch.progress", completed: 3, failed: 1, total: 10 })).toEqual({ completed: 3, failed: 1, total: 10 });
    expect(countersOf({ type: "batch.completed", batch: { completed: 9, skipped: 1, total: 10 } })).toEqual({ completed: 9, skipped: 1, total: 10, status: "completed" });
    expect(countersOf({ type: "item.completed", status: "completed" })).toEqual({});
    expect(finished({ completed: 2, failed: 1, skipped: 3 })).toBe(6);
  });
});
