import { describe, expect, it } from "vitest";
import { LabelsFileError, parseLabels } from "../../scripts/eval/labels-file.ts";
import { missedFloors, reportTable, type EvaluationReportView } from "../../scripts/eval/report-table.ts";
import { progressLine } from "../../scripts/eval/progress.ts";

const report: EvaluationReportView = {
  n: 4,
  failed: 1,
  threshold: 50,
  spearman: { value: 0.8, ci95: [0.6, 0.95] },
  kappa: { value: 0.5, ci95: [0.1, 0.9] },
  mae: { value: 12.5, ci95: null },
  pairwise_accuracy: null,
  confusion: { tp: 2, fp: 1, fn: 0, tn: 1 },
  baseline: { judge: "length", spearman: { value: 0.1, ci95: [-0.4, 0.5] }, kappa: null },
};

describe("npm run eval: labels file", () => {
  it("reads single items and pairs, skipping blanks and comments", () => {
    expect(parseLabels('# header\n{"content":"x","label":70}\n\n{"content":"y","context":"c","label":"fail"}\n')).toEqual([
      { content: "x", label: 70 },
      { content: "y", context: "c", label: "fail" },
    ]);
    expect(parseLabels('{"a":"x","b":"y","label":"tie"}')).toEqual([{ a: "x", b: "y", label: "tie" }]);
  });

  it("names the line of a bad item", () => {
    expect(() => parseLabels('{"content":"x","label":70}\n{"content":"y","label":101}')).toThrow(/line 2: label/);
    expect(() => parseLabels("{nope")).toThrow(/line 1: not valid JSON/);
    expect(() => parseLabels('{"a":"x","b":"y","label":"first"}')).toThrow(LabelsFileError);
    expect(() => parseLabels('{"content":"x","label":1}\n{"a":"x","b":"y","label":"a"}')).toThrow(/mix/);
    expect(() => parseLabels("\n")).toThrow(/no item/);
  });
});

describe("npm run eval: report and floors", () => {
  it("prints each computed figure next to the baseline's, with intervals and the confusion matrix", () => {
    const table = reportTable(report);
    expect(table).toMatch(/Spearman ρ\s+0\.800 \[0\.600, 0\.950\]\s+0\.100 \[-0\.400, 0\.500\]/);
    expect(table).toMatch(/MAE\s+12\.500\s+—/);
    expect(table).not.toContain("pairwise");
    expect(table).toContain("items judged: 4 (1 failed, left out)");
    expect(table).toContain("tp 2  fp 1  fn 0  tn 1");
  });

  it("reports each missed floor, and a floor on a figure that does not apply as missed", () => {
    expect(missedFloors(report, [{ figure: "kappa", kind: "min", bound: 0.4 }, { figure: "mae", kind: "max", bound: 15 }])).toEqual([]);
    expect(missedFloors(report, [{ figure: "kappa", kind: "min", bound: 0.6 }])).toEqual(["kappa 0.5 < 0.6"]);
    expect(missedFloors(report, [{ figure: "mae", kind: "max", bound: 10 }])).toEqual(["mae 12.5 > 10"]);
    expect(missedFloors(report, [{ figure: "pairwise_accuracy", kind: "min", bound: 0.5 }])).toEqual(["pairwise_accuracy: not computed for these labels"]);
  });
});

describe("npm run eval: progress", () => {
  const recorder = (isTTY: boolean) => {
    const written: string[] = [];
    return { out: { isTTY, write: (text: string) => written.push(text) }, written };
  };
  const at = (id: string, done: number) => ({ evaluation_id: id, done, total: 10 });

  it("rewrites one line on a terminal", () => {
    const { out, written } = recorder(true);
    const line = progressLine(out);
    line.update(at("ev_1", 1));
    line.update(at("ev_1", 1));
    line.finish(at("ev_1", 10), "3.0");
    expect(written).toEqual(["\rev_1: 1/10 judged", "\rev_1: 1/10 judged", "\rev_1: 10/10 judged in 3.0 s\n"]);
  });

  it("elsewhere prints plain lines, only when the count moved and at most once a period, and always the last", () => {
    const { out, written } = recorder(false);
    let now = 0;
    const line = progressLine(out, 10_000, () => now);
    line.update(at("ev_2", 0));
    now = 5_000;
    line.update(at("ev_2", 4));
    now = 12_000;
    line.update(at("ev_2", 4));
    line.update(at("ev_2", 6));
    now = 30_000;
    line.update(at("ev_2", 6));
    line.finish(at("ev_2", 10), "31.0");
    // 4 waited for the period to pass; 6 came within the period after it, so it waited too.
    expect(written).toEqual(["ev_2: 0/10 judged\n", "ev_2: 4/10 judged\n", "ev_2: 6/10 judged\n", "ev_2: 10/10 judged in 31.0 s\n"]);
    expect(written.join("")).not.toContain("\r");
  });
});
