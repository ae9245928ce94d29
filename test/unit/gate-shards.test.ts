import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { effectiveShards, shardLimit, shardName, shardOf, stableHash } from "../../src/objects/gate-shards.ts";

const limits = (concurrency: number, shards: number) => Array.from({ length: shards }, (_, i) => shardLimit(concurrency, shards, i));

describe("gate shards: splitting an endpoint's permits", () => {
  it("splits the limit by floor with the remainder to the first shards: the total is exactly the limit", () => {
    expect(limits(10, 4)).toEqual([3, 3, 2, 2]);
    expect(limits(8, 1)).toEqual([8]);
    expect(limits(256, 16)).toEqual(Array(16).fill(16));
    for (let concurrency = 1; concurrency <= 64; concurrency += 1) {
      for (let requested = 1; requested <= 32; requested += 1) {
        const shards = effectiveShards(requested, concurrency);
        const split = limits(concurrency, shards);
        expect(split.reduce((a, b) => a + b, 0)).toBe(concurrency);
        expect(Math.min(...split)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("never uses more shards than permits", () => {
    expect(effectiveShards(16, 4)).toBe(4);
    expect(effectiveShards(4, 256)).toBe(4);
    expect(effectiveShards(1, 1)).toBe(1);
  });

  it("maps a holder to the same shard every time, and spreads many holders evenly", () => {
    expect(shardOf("c_abc", 8)).toBe(shardOf("c_abc", 8));
    expect(stableHash("c_abc")).toBe(stableHash("c_abc"));
    expect(stableHash("a")).not.toBe(stableHash("b"));
    expect(shardOf("anything", 1)).toBe(0);
    const counts = Array(8).fill(0) as number[];
    for (let i = 0; i < 8_000; i += 1) counts[shardOf(`c_${i.toString(16).padStart(32, "0")}`, 8)]! += 1;
    // 1,000 expected per shard; a fair hash stays well within ±15 %.
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(150);
  });

  it("keeps shard 0 on the endpoint's own object, so one shard is the gate there always was", () => {
    expect(shardName("openai https://x/v1 m", 0)).toBe("openai https://x/v1 m");
    expect(shardName("openai https://x/v1 m", 3)).toBe("openai https://x/v1 m #3");
  });
});

describe("gate shards: configuration", () => {
  it("defaults to one shard, JUDGE_GATE_SHARDS sets every profile's, a profile may set its own", () => {
    expect(parseConfig({}).profiles.default!.gate_shards).toBe(1);
    const config = parseConfig({
      JUDGE_GATE_SHARDS: "4",
      JUDGE_PROFILES: JSON.stringify({ hot: { provider: "heuristic", gate_shards: 16 }, cold: { provider: "heuristic" } }),
    });
    expect(config.profiles.default!.gate_shards).toBe(4);
    expect(config.profiles.cold!.gate_shards).toBe(4);
    expect(config.profiles.hot!.gate_shards).toBe(16);
  });

  it("rejects a shard count out of bounds, naming the variable", () => {
    expect(() => parseConfig({ JUDGE_GATE_SHARDS: "0" })).toThrow(/JUDGE_GATE_SHARDS/);
    expect(() => parseConfig({ JUDGE_GATE_SHARDS: "33" })).toThrow(/JUDGE_GATE_SHARDS/);
    expect(() => parseConfig({ JUDGE_PROFILES: JSON.stringify({ x: { gate_shards: 0 } }) })).toThrow(/gate_shards/);
  });
});
