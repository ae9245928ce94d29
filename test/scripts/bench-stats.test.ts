import { describe, expect, it } from "vitest";
import { achievedRps, percentile, statusCounts, summarize, type Sample } from "../../scripts/bench/stats.ts";

const sample = (latencyMs: number, status = 200, endedAt = 0): Sample => ({ latencyMs, status, endedAt });

describe("percentile (nearest rank)", () => {
  it("picks the smallest value with at least p % of values at or below it", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 51)).toBe(30);
  });

  it("handles tiny and empty inputs", () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7, 9], 0)).toBe(7);
  });
});

describe("achievedRps", () => {
  it("is successes per second over the span of the replies", () => {
    // 11 replies, one every 100 ms: 10 intervals in 1 s.
    const samples = Array.from({ length: 11 }, (_, i) => sample(5, 200, 1_000 + i * 100));
    expect(achievedRps(samples)).toBe(10);
  });

  it("falls when the backlog drains late, whatever was offered", () => {
    // The same 11 requests, but the server took twice as long to answer them all.
    const samples = Array.from({ length: 11 }, (_, i) => sample(5, 200, 1_000 + i * 200));
    expect(achievedRps(samples)).toBe(5);
  });

  it("counts only successes and is 0 without a span", () => {
    const samples = [sample(5, 200, 0), sample(5, 503, 500), sample(5, 200, 1_000)];
    expect(achievedRps(samples)).toBe(1);
    expect(achievedRps([sample(5, 200, 10)])).toBe(0);
    expect(achievedRps([sample(5, 200, 10), sample(5, 200, 10)])).toBe(0);
  });
});

describe("summarize", () => {
  it("reports counts, errors and percentiles over every request", () => {
    const samples = [
      ...Array.from({ length: 98 }, (_, i) => sample(10 + i * 0.1, 200, i * 10)),
      sample(900, 0, 985),
      sample(400, 503, 990),
    ];
    const summary = summarize(samples);
    expect(summary.requests).toBe(100);
    expect(summary.errors).toBe(2);
    expect(summary.p50_ms).toBe(14.9);
    expect(summary.p99_ms).toBe(400);
    expect(summary.max_ms).toBe(900);
    expect(summary.achieved_rps).toBeCloseTo(97 / 0.99, 0);
  });

  it("is all zeros for no samples", () => {
    expect(summarize([])).toEqual({ requests: 0, errors: 0, achieved_rps: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0, max_ms: 0 });
  });
});

describe("statusCounts", () => {
  it("counts replies by status, 0 for no reply", () => {
    expect(statusCounts([{ status: 200 }, { status: 202 }, { status: 200 }, { status: 0 }])).toEqual({ "0": 1, "200": 2, "202": 1 });
  });
});
