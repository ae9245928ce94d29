import { describe, expect, it } from "vitest";
import { axisMaxMs, barHeight, latencyChartSvg, SERIES, type ChartRow } from "../../scripts/bench/svg-chart.ts";

const rows: ChartRow[] = [
  { name: "ceiling", p50_ms: 12, p95_ms: 30, p99_ms: 45, max_ms: 90 },
  { name: "stampede", p50_ms: 800, p95_ms: 1_500, p99_ms: 1_900, max_ms: 2_100 },
];

/** The bars of the chart, in document order: their heights and titles. */
function bars(svg: string): { height: number; title: string }[] {
  return [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="\d+" height="([\d.]+)" fill="#\w+"><title>([^<]*)<\/title>/g)].map((m) => ({
    height: Number(m[1]),
    title: m[2]!,
  }));
}

describe("the latency chart", () => {
  it("has one bar per percentile per scenario, labelled with its value", () => {
    const svg = latencyChartSvg(rows, "test run", "2 cores");
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    const found = bars(svg);
    expect(found).toHaveLength(rows.length * SERIES.length);
    expect(found.map((bar) => bar.title)).toContain("stampede p99 1900 ms");
    expect(found.map((bar) => bar.title)).toContain("ceiling p50 12 ms");
    expect(svg).toContain(">2 cores</text>");
  });

  it("draws taller bars for slower percentiles, on a log axis up to the next power of ten", () => {
    expect(axisMaxMs(rows)).toBe(10_000);
    const heights = bars(latencyChartSvg(rows, "t")).map((bar) => bar.height);
    for (let i = 1; i < heights.length; i++) if (i % SERIES.length !== 0) expect(heights[i]).toBeGreaterThan(heights[i - 1]!);
    expect(barHeight(100, 1_000, 300)).toBeCloseTo(200);
    expect(barHeight(10, 1_000, 300)).toBeCloseTo(100);
    expect(barHeight(0.5, 1_000, 300)).toBe(0);
  });

  it("escapes text, and draws an empty chart for no scenario", () => {
    const svg = latencyChartSvg([{ name: "a<b&c", p50_ms: 1, p95_ms: 2, p99_ms: 3, max_ms: 4 }], 'say "hi"');
    expect(svg).toContain("a&lt;b&amp;c");
    expect(svg).toContain("say &quot;hi&quot;");
    expect(svg).not.toContain("a<b");
    expect(bars(latencyChartSvg([], "nothing"))).toHaveLength(0);
  });
});
