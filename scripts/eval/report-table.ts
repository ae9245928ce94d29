/**
 * Renders an evaluation report (the `report` of `GET /v1/evaluations/{id}`) as a plain-text table next to
 * its length baseline, and checks the `--min-*` / `--max-*` floors a CI job gates on.
 */

export interface ReportFigure {
  value: number;
  ci95: [number, number] | null;
}

export interface EvaluationReportView {
  n: number;
  failed?: number;
  threshold?: number;
  confusion: { tp: number; fp: number; fn: number; tn: number } | null;
  baseline: Record<string, unknown>;
  [figure: string]: unknown;
}

/** Figures in print order, with their label. */
export const FIGURES = [
  ["spearman", "Spearman ρ"],
  ["pearson", "Pearson r"],
  ["mae", "MAE"],
  ["qwk", "QWK (verdict bands)"],
  ["accuracy", "accuracy (pass/fail)"],
  ["kappa", "Cohen's κ (pass/fail)"],
  ["pairwise_accuracy", "pairwise accuracy"],
  ["position_consistency", "position consistency"],
] as const;

export type FigureName = (typeof FIGURES)[number][0];

function figureOf(source: Record<string, unknown>, name: string): ReportFigure | null {
  const value = source[name];
  return value && typeof value === "object" && "value" in value ? (value as ReportFigure) : null;
}

function cell(figure: ReportFigure | null): string {
  if (!figure) return "—";
  const interval = figure.ci95 ? ` [${figure.ci95[0].toFixed(3)}, ${figure.ci95[1].toFixed(3)}]` : "";
  return `${figure.value.toFixed(3)}${interval}`;
}

/**
 * @example
 * console.log(reportTable(report)); // "figure  judge  length baseline\n Spearman ρ  0.812 [0.74, 0.87]  …"
 */
export function reportTable(report: EvaluationReportView): string {
  const rows = FIGURES.filter(([name]) => figureOf(report, name) || figureOf(report.baseline, name)).map(([name, label]) => [
    label,
    cell(figureOf(report, name)),
    cell(figureOf(report.baseline, name)),
  ]);
  const header = ["figure", "judge (95% CI)", "length baseline (95% CI)"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((text, column) => text.padEnd(widths[column]!)).join("  ").trimEnd();
  const out = [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)];
  out.push("", `items judged: ${report.n}${report.failed ? ` (${report.failed} failed, left out)` : ""}`);
  if (report.confusion) {
    const { tp, fp, fn, tn } = report.confusion;
    out.push(`confusion at threshold ${report.threshold ?? 50}: tp ${tp}  fp ${fp}  fn ${fn}  tn ${tn}`);
  }
  return out.join("\n");
}

export interface Floor {
  figure: FigureName;
  /** `min`: the value must be ≥ bound; `max`: ≤ bound (for MAE). */
  kind: "min" | "max";
  bound: number;
}

/** The floors missed, in words; a figure that does not apply to the labels counts as missed. */
export function missedFloors(report: EvaluationReportView, floors: readonly Floor[]): string[] {
  const missed: string[] = [];
  for (const floor of floors) {
    const figure = figureOf(report, floor.figure);
    if (!figure) missed.push(`${floor.figure}: not computed for these labels`);
    else if (floor.kind === "min" && figure.value < floor.bound) missed.push(`${floor.figure} ${figure.value} < ${floor.bound}`);
    else if (floor.kind === "max" && figure.value > floor.bound) missed.push(`${floor.figure} ${figure.value} > ${floor.bound}`);
  }
  return missed;
}
