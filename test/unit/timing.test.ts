import { describe, expect, it } from "vitest";
import { RequestTiming } from "../../src/observability/timing.ts";

describe("RequestTiming", () => {
  it("renders recorded entries, then total, as Server-Timing", () => {
    const timing = new RequestTiming(1_000);
    timing.add("storage", 4.26);
    timing.add("model", 800, 'scoring "5" axioms\n');
    expect(timing.header(1_812)).toBe('storage;dur=4.3, model;dur=800;desc="scoring \\"5\\" axioms", total;dur=812');
  });

  it("adds up entries with the same name and keeps the first description", () => {
    const timing = new RequestTiming(0);
    timing.add("storage", 3, "libSQL");
    timing.add("storage", 2);
    expect(timing.entries()).toEqual([{ name: "storage", durationMs: 5, description: "libSQL" }]);
  });

  it("ignores invalid names, negative or non-finite durations, and more than 16 entries", () => {
    const timing = new RequestTiming(0);
    timing.add("bad name", 1);
    timing.add("x;dur=9", 1);
    timing.add("neg", -1);
    timing.add("inf", Number.POSITIVE_INFINITY);
    for (let i = 0; i < 20; i++) timing.add(`m${i}`, 1);
    expect(timing.entries().map((entry) => entry.name)).toEqual(Array.from({ length: 16 }, (_, i) => `m${i}`));
  });

  it("measures work that resolves and work that throws", async () => {
    const timing = new RequestTiming();
    await expect(timing.measure("model", async () => "scores")).resolves.toBe("scores");
    await expect(timing.measure("storage", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(timing.entries().map((entry) => entry.name)).toEqual(["model", "storage"]);
    expect(timing.entries().every((entry) => entry.durationMs >= 0)).toBe(true);
  });
});
