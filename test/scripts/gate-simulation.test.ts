import { describe, expect, it } from "vitest";
import { DEFAULT_SIMULATION, seededRandom, simulateGates } from "../../scripts/bench/gate-simulation.ts";

const run = (rate: number, shards: number, extra: Partial<typeof DEFAULT_SIMULATION> = {}) =>
  simulateGates({ ...DEFAULT_SIMULATION, durationS: 3, ...extra, rate, shards });

describe("the gate simulation's model", () => {
  it("judges everything offered well below an object's ceiling, admitting in about one request's CPU", () => {
    const result = run(100, 1);
    expect(result.judgedPerS).toBeGreaterThan(95);
    expect(result.judgedPerS).toBeLessThan(105);
    expect(result.refused).toBe(0);
    expect(result.admitP50Ms).toBeLessThanOrEqual(2);
    expect(result.busiestObjectLoad).toBeCloseTo(0.2, 1);
  });

  it("saturates one object at ~1,000 requests/s (2 per judgment), and shards take the load apart", () => {
    const one = run(1_000, 1);
    expect(one.busiestObjectLoad).toBeGreaterThan(0.99);
    expect(one.judgedPerS).toBeLessThan(900);
    const four = run(1_000, 4);
    expect(four.judgedPerS).toBeGreaterThan(980);
    expect(four.busiestObjectLoad).toBeLessThan(0.7);
    expect(four.admitP99Ms).toBeLessThan(50);
  });

  it("never has more permits out than the endpoint's concurrency, however it is split", () => {
    for (const shards of [1, 3, 8]) {
      const result = run(500, shards, { concurrency: 50 });
      expect(result.maxInFlight).toBeLessThanOrEqual(50);
      // 50 permits, 5 calls of 100 ms per judgment: at most 100 judgments/s, whatever the shards.
      expect(result.judgedPerS).toBeLessThanOrEqual(105);
    }
  });

  it("is deterministic for a seed", () => {
    expect(run(2_000, 2)).toEqual(run(2_000, 2));
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
