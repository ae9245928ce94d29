/**
 * Where each dimension's score number sits in a model's answer text, so the token that holds it can be
 * found. Pure; tolerant of the same shapes parse-scores.ts reads (`{"ID": {"score": 72, …}}` or
 * `{"ID": 72}`, inside fences or prose).
 */

export interface NumberSpan {
  /** Character offsets of the number in the text: [start, end). */
  start: number;
  end: number;
  text: string;
}

const NUMBER_AT = /^-?\d+(?:\.\d+)?/;

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text[at]!)) at += 1;
  return at;
}

function numberAt(text: string, at: number): NumberSpan | null {
  const match = NUMBER_AT.exec(text.slice(at, at + 32));
  return match ? { start: at, end: at + match[0].length, text: match[0] } : null;
}

/** After `"key"`, skips `:` and spaces; -1 when no colon follows. */
function valueStart(text: string, afterKey: number): number {
  const colon = skipSpace(text, afterKey);
  return text[colon] === ":" ? skipSpace(text, colon + 1) : -1;
}

/** The `"score"` member's number of the object opening at `open`, looking at its own members only. */
function scoreInObject(text: string, open: number): NumberSpan | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const close = endOfString(text, i);
      if (depth === 1 && text.slice(i, close + 1) === '"score"') {
        const at = valueStart(text, close + 1);
        if (at >= 0) return numberAt(text, at);
      }
      i = close;
    } else if (ch === "{" || ch === "[") depth += 1;
    else if ((ch === "}" || ch === "]") && --depth === 0) return null;
  }
  return null;
}

/** Index of the quote closing the string that opens at `open`. */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length;
}

/**
 * The span of each dimension's score number (the first readable one per id), by id.
 *
 * @example
 * scoreSpans('{"COHERENCE":{"score":72,"rationale":"ok"}}', ["COHERENCE"]).COHERENCE; // { start: 22, end: 24, text: "72" }
 */
export function scoreSpans(text: string, ids: readonly string[]): Record<string, NumberSpan> {
  const spans: Record<string, NumberSpan> = {};
  for (const id of ids) {
    const key = `"${id}"`;
    for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
      const value = valueStart(text, at + key.length);
      if (value < 0) continue;
      const span = text[value] === "{" ? scoreInObject(text, value) : numberAt(text, value);
      if (span) {
        spans[id] = span;
        break;
      }
    }
  }
  return spans;
}
