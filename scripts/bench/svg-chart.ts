/**
 * The latency chart written next to the results: per scenario, bars for p50, p95, p99 and max on a
 * logarithmic axis (a 10 ms read and a 2 s stampede must both be readable). Pure: data in, SVG text out.
 */

export interface ChartRow {
  name: string;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

export const SERIES = [
  { key: "p50_ms", label: "p50", color: "#4e79a7" },
  { key: "p95_ms", label: "p95", color: "#f28e2b" },
  { key: "p99_ms", label: "p99", color: "#e15759" },
  { key: "max_ms", label: "max", color: "#9c9c9c" },
] as const;

const BAR = 18;
const GAP = 28;
const LEFT = 64;
const TOP = 72;
const PLOT_HEIGHT = 300;
const BOTTOM = 48;

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The axis top: the power of ten at or above the largest value (at least 10 ms). */
export function axisMaxMs(rows: readonly ChartRow[]): number {
  const largest = Math.max(10, ...rows.flatMap((row) => SERIES.map((series) => row[series.key])));
  return 10 ** Math.ceil(Math.log10(largest));
}

/**
 * Height in pixels of a bar for `ms` on a log axis from 1 ms to `maxMs` (values under 1 ms sit at 0).
 *
 * @example
 * barHeight(100, 1000, 300); // 200
 */
export function barHeight(ms: number, maxMs: number, plotHeight = PLOT_HEIGHT): number {
  if (ms <= 1) return 0;
  return (Math.log10(ms) / Math.log10(maxMs)) * plotHeight;
}

const fmt = (ms: number) => (ms >= 100 ? String(Math.round(ms)) : String(Math.round(ms * 10) / 10));

/**
 * An SVG bar chart of the latency percentiles of each scenario.
 *
 * @example
 * latencyChartSvg([{ name: "ceiling", p50_ms: 12, p95_ms: 30, p99_ms: 45, max_ms: 90 }], "Latency", "2 cores, stub 100 ms");
 * // '<svg xmlns="http://www.w3.org/2000/svg" …'
 */
export function latencyChartSvg(rows: readonly ChartRow[], title: string, subtitle = ""): string {
  const maxMs = axisMaxMs(rows);
  const groupWidth = SERIES.length * BAR + GAP;
  const width = LEFT + Math.max(1, rows.length) * groupWidth + 16;
  const height = TOP + PLOT_HEIGHT + BOTTOM;
  const baseline = TOP + PLOT_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${LEFT}" y="34" font-size="10" fill="#555555">${escapeXml(subtitle)}</text>`,
  ];
  SERIES.forEach((series, i) => {
    const x = LEFT + i * 70;
    parts.push(`<rect x="${x}" y="44" width="10" height="10" fill="${series.color}"/>`, `<text x="${x + 14}" y="53">${series.label}</text>`);
  });
  for (let tick = 1; tick <= maxMs; tick *= 10) {
    const y = baseline - barHeight(tick, maxMs);
    parts.push(
      `<line x1="${LEFT}" y1="${y.toFixed(1)}" x2="${width - 8}" y2="${y.toFixed(1)}" stroke="#dddddd"/>`,
      `<text x="${LEFT - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${tick >= 1000 ? `${tick / 1000} s` : `${tick} ms`}</text>`,
    );
  }
  rows.forEach((row, g) => {
    const x0 = LEFT + GAP / 2 + g * groupWidth;
    SERIES.forEach((series, i) => {
      const h = barHeight(row[series.key], maxMs);
      const x = x0 + i * BAR;
      parts.push(
        `<rect x="${x}" y="${(baseline - h).toFixed(1)}" width="${BAR - 2}" height="${h.toFixed(1)}" fill="${series.color}"><title>${escapeXml(`${row.name} ${series.label} ${fmt(row[series.key])} ms`)}</title></rect>`,
        `<text x="${x + (BAR - 2) / 2}" y="${(baseline - h - 3).toFixed(1)}" text-anchor="middle" font-size="8">${fmt(row[series.key])}</text>`,
      );
    });
    parts.push(`<text x="${x0 + (SERIES.length * BAR) / 2}" y="${baseline + 18}" text-anchor="middle">${escapeXml(row.name)}</text>`);
  });
  parts.push(`<line x1="${LEFT}" y1="${baseline}" x2="${width - 8}" y2="${baseline}" stroke="#333333"/>`, "</svg>");
  return `${parts.join("\n")}\n`;
}
