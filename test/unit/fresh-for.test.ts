import { describe, expect, it } from "vitest";
import { freshFor } from "../../src/async/fresh-for.ts";

describe("freshFor", () => {
  it("shares one computation per key within the window, pending or done, and computes again after it", async () => {
    let runs = 0;
    const value = freshFor(async (key: { name: string }) => `${key.name}#${++runs}`);
    const a = { name: "a" };
    const b = { name: "b" };
    const together = await Promise.all([value(a, 1_000, 0), value(a, 1_000, 10), value(a, 1_000, 999)]);
    expect(together).toEqual(["a#1", "a#1", "a#1"]);
    expect(await value(b, 1_000, 0)).toBe("b#2");
    expect(await value(a, 1_000, 1_000)).toBe("a#3");
    expect(await value(a, 0, 1_000)).toBe("a#4");
  });

  it("does not keep a computation that failed", async () => {
    let runs = 0;
    const value = freshFor(async () => {
      runs += 1;
      if (runs === 1) throw new Error("probe failed");
      return runs;
    });
    const key = {};
    await expect(value(key, 60_000, 0)).rejects.toThrow("probe failed");
    expect(await value(key, 60_000, 1)).toBe(2);
  });
});
