/**
 * The contents the bench submits and the exactly-once check built on them. Each content carries a
 * marker naming its scenario and number; the model stub sees the marker in the prompt, which is how
 * model calls are counted per cell without trusting anything the API says about itself.
 */

/** Matches a marker in a prompt: group 1 is the scenario, group 2 the cell's number. */
export const MARKER_PATTERN = /\[bench ([a-z-]+) (\d+) r[0-9a-z]+\]/;

/** The key the stub counts calls under: `scenario/number`. */
export const markerKey = (scenario: string, index: number): string => `${scenario}/${index}`;

/**
 * A small, realistic piece of code to judge, unique per (run, scenario, index).
 *
 * @example
 * benchContent("k3x9", "new-cells", 7); // "// [bench new-cells 7 rk3x9]\nexport function clamp7(…"
 */
export function benchContent(runId: string, scenario: string, index: number): string {
  return [
    `// [bench ${scenario} ${index} r${runId}]`,
    `export function clamp${index}(value: number, low: number, high: number): number {`,
    "  if (Number.isNaN(value)) throw new RangeError('value must be a number');",
    "  if (low > high) throw new RangeError('low must not exceed high');",
    `  return Math.min(high, Math.max(low, value)) + ${index % 7} * 0;`,
    "}",
  ].join("\n");
}

/**
 * The key of the marker in `text`, or null when it carries none.
 *
 * @example
 * markerIn("… [bench stampede 0 rk3x9] …"); // "stampede/0"
 */
export function markerIn(text: string): string | null {
  const match = MARKER_PATTERN.exec(text);
  return match ? markerKey(match[1]!, Number(match[2])) : null;
}

/** A fresh run id: keeps cells of one run apart from those of earlier runs on the same data. */
export const newRunId = (): string => Date.now().toString(36);

export interface NewCellsAsked {
  scenario: string;
  /** Numbers of the new cells the scenario asked for (their markers' second part). */
  indexes: readonly number[];
  /** Those answered 2xx: a finished judgment must have cost exactly `expected` calls. */
  answered: ReadonlySet<number>;
  /** Calls one judgment needs: one per axiom of the rubric with JUDGE_BATCH=axiom. */
  expected: number;
}

export interface CallCheck {
  /** All calls for the scenario's new cells over the number of new cells asked for (2 decimals). */
  perNewCell: number;
  /**
   * Cells answered 2xx whose calls differ from `expected`, plus any cell (answered or not) that cost
   * more than `expected`: a duplicate judgment shows here even when its reply was lost.
   */
  miscounted: number;
}

/**
 * Checks the calls of a scenario's new cells against the expected count per cell.
 *
 * @example
 * checkCalls({ "new-cells/0": 5, "new-cells/1": 10 }, { scenario: "new-cells", indexes: [0, 1], answered: new Set([0, 1]), expected: 5 });
 * // { perNewCell: 7.5, miscounted: 1 }
 */
export function checkCalls(byMarker: Readonly<Record<string, number>>, asked: NewCellsAsked): CallCheck {
  let total = 0;
  let miscounted = 0;
  for (const index of asked.indexes) {
    const calls = byMarker[markerKey(asked.scenario, index)] ?? 0;
    total += calls;
    if (calls > asked.expected || (asked.answered.has(index) && calls !== asked.expected)) miscounted += 1;
  }
  const perNewCell = asked.indexes.length > 0 ? Math.round((total / asked.indexes.length) * 100) / 100 : 0;
  return { perNewCell, miscounted };
}
