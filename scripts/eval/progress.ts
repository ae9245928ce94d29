/**
 * `npm run eval`'s progress on stderr. On a terminal one line is rewritten in place; anywhere else (a CI
 * log, a file) a carriage return would pile every update onto one unreadable line, so a plain line is
 * printed when the count has moved and at most once every `everyMs`, and the last one always.
 */

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface EvaluationProgress {
  evaluation_id: string;
  done: number;
  total: number;
}

export interface ProgressLine {
  /** While the evaluation runs (called on every poll). */
  update(progress: EvaluationProgress): void;
  /** Once, when it has ended. */
  finish(progress: EvaluationProgress, seconds: string): void;
}

const counted = (progress: EvaluationProgress) => `${progress.evaluation_id}: ${progress.done}/${progress.total} judged`;

/** Progress written to `out`; `now` in ms (performance.now by default). */
export function progressLine(out: ProgressOutput, everyMs = 10_000, now: () => number = () => performance.now()): ProgressLine {
  if (out.isTTY) {
    return {
      update: (progress) => void out.write(`\r${counted(progress)}`),
      finish: (progress, seconds) => void out.write(`\r${counted(progress)} in ${seconds} s\n`),
    };
  }
  let printedAt = -Infinity;
  let printedDone = -1;
  return {
    update(progress) {
      if (progress.done === printedDone || now() - printedAt < everyMs) return;
      printedAt = now();
      printedDone = progress.done;
      out.write(`${counted(progress)}\n`);
    },
    finish: (progress, seconds) => void out.write(`${counted(progress)} in ${seconds} s\n`),
  };
}
