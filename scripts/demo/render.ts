import { styleText } from "node:util";
import type { Judgment } from "../../src/client/index.ts";
import type { SampleProgress } from "./follow.ts";

/** Terminal rendering of the demo: a live progress block, then one result block per sample. */

const BAR_WIDTH = 28;
const VERDICT_STYLES = { HOWL: "green", WAG: "cyan", GROWL: "yellow", BARK: "red" } as const;

/** `ratio` (0..1) of `width` cells as a bar of eighths. */
export function bar(ratio: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, ratio)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8 === 0 ? "" : "▏▎▍▌▋▊▉"[(eighths % 8) - 1]!;
  return `${"█".repeat(full)}${partial}`.padEnd(width, "·");
}

function phaseLabel(progress: SampleProgress): string {
  if (progress.phase === "failed") return styleText("red", "failed");
  if (progress.phase !== "completed") return progress.phase;
  const verdict = progress.judgment?.verdict;
  const cached = progress.judgment?.cached ? " (cached)" : "";
  return `${styleText("bold", verdict ? styleText(VERDICT_STYLES[verdict], verdict) : "completed")}${cached}`;
}

/** One line of the progress block: the sample, a bar over its dimensions, and where it stands. */
export function progressLine(progress: SampleProgress, nameWidth: number): string {
  const total = progress.total ?? 0;
  const counts = total > 0 ? `${String(progress.done).padStart(2)}/${total}` : "  …  ";
  const failed = progress.failedDimensions > 0 ? styleText("yellow", ` ${progress.failedDimensions} failed`) : "";
  return `  ${progress.sample.name.padEnd(nameWidth)}  ${bar(total > 0 ? progress.done / total : 0, BAR_WIDTH)}  ${counts}  ${phaseLabel(progress)}${failed}`;
}

export interface LiveProgress {
  update(): void;
  finish(): void;
}

/**
 * Redraws the progress block in place on a terminal (at most every `intervalMs`); elsewhere, such as a
 * pipe, prints it once at the end.
 */
export function liveProgress(samples: readonly SampleProgress[], out: NodeJS.WriteStream, intervalMs = 50): LiveProgress {
  const nameWidth = Math.max(...samples.map((progress) => progress.sample.name.length));
  const lines = () => samples.map((progress) => progressLine(progress, nameWidth));
  let drawn = false;
  let lastDraw = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    pending = undefined;
    lastDraw = Date.now();
    // Back to the block's first line, then rewrite each line.
    const rewind = drawn ? `\x1b[${samples.length}F` : "";
    out.write(`${rewind}${lines().map((line) => `\x1b[2K${line}\n`).join("")}`);
    drawn = true;
  };
  return {
    update() {
      if (!out.isTTY || pending) return;
      const wait = intervalMs - (Date.now() - lastDraw);
      if (wait <= 0) draw();
      else pending = setTimeout(draw, wait);
    },
    finish() {
      clearTimeout(pending);
      if (out.isTTY) draw();
      else out.write(`${lines().join("\n")}\n`);
    },
  };
}

const round = (value: number | null, digits: number) => (value === null ? "—" : value.toFixed(digits));

/** The axiom table, each score with a bar. */
function axiomTable(judgment: Judgment): string[] {
  const width = Math.max(5, ...Object.keys(judgment.axioms).map((axiom) => axiom.length));
  const rows = Object.entries(judgment.axioms).map(([axiom, score]) => {
    const weakest = judgment.weakest?.axiom === axiom ? styleText("dim", "  ← weakest") : "";
    return `    ${axiom.padEnd(width)}  ${score.toFixed(1).padStart(5)}  ${bar(score / 100, 20)}${weakest}`;
  });
  return [styleText("dim", `    ${"axiom".padEnd(width)}  score`), ...rows];
}

/** The flagged dimensions, the first few by name. */
function flagSummary(flags: readonly string[], shown = 4): string {
  if (flags.length === 0) return "";
  const more = flags.length > shown ? `, +${flags.length - shown} more` : "";
  return ` · ${flags.length} flagged: ${flags.slice(0, shown).join(", ")}${more}`;
}

/** A sample's outcome: the axiom table, Q-score, verdict, confidence and cost. */
export function resultBlock(progress: SampleProgress): string {
  const { sample, cellId, judgment } = progress;
  const heading = `${styleText("bold", sample.name)} · ${sample.kind} · reality ${sample.reality} · cell ${cellId}`;
  if (!judgment) return `${heading}\n    ${styleText("red", `failed: ${progress.error ?? "no judgment"}`)}\n`;
  const { usage, timing } = judgment;
  const verdict = judgment.verdict ? styleText(["bold", VERDICT_STYLES[judgment.verdict]], judgment.verdict) : "—";
  const summary =
    `    Q-score ${styleText("bold", round(judgment.q_score, 1))}   verdict ${verdict}   ` +
    `confidence ${round(judgment.confidence, 3)}   cost $${usage.cost_usd.toFixed(6)}`;
  const details =
    `    ${usage.llm_calls} model calls, ${usage.input_tokens} + ${usage.output_tokens} tokens · ` +
    `judge ${judgment.judge.provider}/${judgment.judge.model} · ${timing.total_ms ?? "—"} ms` +
    flagSummary(judgment.flags);
  return [heading, ...axiomTable(judgment), summary, styleText("dim", details), ""].join("\n");
}
