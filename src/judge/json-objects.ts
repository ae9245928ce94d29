/**
 * Finds the JSON objects a model's prose holds, in time linear in the text: one pass matches braces
 * (outside strings), and `JSON.parse` is tried on the balanced spans within a budget of characters.
 * Rescanning from every `{` instead costs time quadratic in the text: tens of KB of `{` took seconds.
 */

/** What a scan cost, for tests that check it stays linear. */
export interface ScanCost {
  /** Characters the brace-matching pass read. */
  scanned: number;
  /** Characters handed to `JSON.parse`, summed over attempts. */
  parsed: number;
}

/** Characters `JSON.parse` may be handed per character of text: nested spans are each tried once. */
const PARSE_BUDGET_PER_CHAR = 4;

const OPEN = 123;
const CLOSE = 125;
const QUOTE = 34;
const BACKSLASH = 92;

/** Balanced `{…}` spans of `text`, as [start, end] with `end` inclusive, in order of their start. */
function balancedSpans(text: string, cost: ScanCost): [number, number][] {
  const spans: [number, number][] = [];
  const open: number[] = [];
  let inString = false;
  for (let i = text.indexOf("{"); i >= 0 && i < text.length; i++) {
    cost.scanned += 1;
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === BACKSLASH) i += 1;
      else if (ch === QUOTE) inString = false;
    } else if (ch === OPEN) open.push(i);
    else if (ch === CLOSE) {
      const start = open.pop();
      if (start !== undefined) spans.push([start, i]);
    } else if (ch === QUOTE && open.length > 0) inString = true;
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** `text` as a JSON object, or null when it is not valid JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Every balanced `{…}` span of `text` that parses as a JSON object, outermost first, in order of
 * appearance; a span inside one that parsed is not tried again. Stops when the parse budget is spent.
 *
 * @example
 * [...jsonObjectsIn('see {"A": 1} and {"B": 2}')]; // [{ A: 1 }, { B: 2 }]
 */
export function* jsonObjectsIn(text: string, cost: ScanCost = { scanned: 0, parsed: 0 }): Generator<Record<string, unknown>> {
  const budget = PARSE_BUDGET_PER_CHAR * text.length;
  let acceptedUpTo = -1;
  for (const [start, end] of balancedSpans(text, cost)) {
    if (start <= acceptedUpTo) continue;
    const length = end - start + 1;
    if (cost.parsed + length > budget) return;
    cost.parsed += length;
    const value = parseJsonObject(text.slice(start, end + 1));
    if (value) {
      acceptedUpTo = end;
      yield value;
    }
  }
}

