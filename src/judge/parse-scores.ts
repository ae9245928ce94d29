import { z } from "zod";
import { MAX_RATIONALE_CHARS } from "./dimension-schema.ts";
import { jsonObjectsIn, parseJsonObject } from "./json-objects.ts";
import type { DimensionOutcome } from "./types.ts";

/**
 * Reads a model's answer defensively: JSON alone, in a code fence, or inside prose; each requested
 * dimension validated on its own, so one bad entry fails only that dimension. Nothing here guesses a
 * score: what cannot be read is `failed` with the reason.
 */

export interface ParsedScores {
  outcomes: Record<string, DimensionOutcome>;
  /** What was wrong, for the repair message and the logs; empty when every dimension was read. */
  problems: string[];
}

const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** A score as a number; numeric text ("72") is read as the number it spells, anything else is not. */
const ScoreSchema = z.preprocess(
  (value) => (typeof value === "string" && NUMERIC_TEXT.test(value) ? Number(value) : value),
  z.number({ error: "score is not a number" }).finite().min(0, "score is below 0").max(100, "score is above 100"),
);

/** `{score, rationale}`, or a bare score: a readable score is kept even when the rationale is not. */
function readEntry(entry: unknown): { ok: true; score: number; rationale: string } | { ok: false; reason: string } {
  const isObject = typeof entry === "object" && entry !== null && !Array.isArray(entry);
  const raw = isObject ? (entry as Record<string, unknown>).score : entry;
  if (isObject && raw === undefined) return { ok: false, reason: "no score" };
  const rationale = isObject ? (entry as Record<string, unknown>).rationale : undefined;
  const text = typeof rationale === "string" ? rationale.trim() : "";
  // What nearly every answer holds, a number in range, is taken as is: the schema is for the rest,
  // and its reasons (every answer of a panel is read one after another on the cell's thread).
  if (typeof raw === "number" && Number.isFinite(raw) && raw >= 0 && raw <= 100) return { ok: true, score: raw, rationale: text };
  const parsed = ScoreSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? "unreadable score" };
  return { ok: true, score: parsed.data, rationale: text };
}

/**
 * The JSON object an answer holds: the whole text, a fenced block, or the object in the prose that
 * names the most requested dimensions.
 */
export function extractJsonObject(text: string, wanted: readonly string[]): Record<string, unknown> | null {
  const whole = parseJsonObject(text.trim());
  if (whole) return whole;
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const fromFence = fenced ? parseJsonObject(fenced[1]!.trim()) : null;
  if (fromFence) return fromFence;
  let best: { value: Record<string, unknown>; hits: number } | null = null;
  for (const value of jsonObjectsIn(text)) {
    const hits = wanted.filter((id) => id in value).length;
    if (!best || hits > best.hits) best = { value, hits };
  }
  return best?.value ?? null;
}

/** The answer's entry for `id`: exact key first, then a key differing only in case. */
export function entryFor(answer: Record<string, unknown>, id: string): unknown {
  if (Object.hasOwn(answer, id)) return answer[id];
  const key = Object.keys(answer).find((candidate) => candidate.toUpperCase() === id);
  return key === undefined ? undefined : answer[key];
}

/** One entry read: its outcome, and what was wrong with it (for the repair message) when it could not be used. */
export interface EntryRead<Outcome> {
  outcome: Outcome;
  problem?: string | undefined;
}

/**
 * The skeleton every answer is read by (scores, preferences): the answer's JSON object, then each
 * requested dimension's entry read by `read` on its own; a missing entry or no object fails the dimension.
 */
export function readDimensionEntries<Outcome>(
  text: string,
  dimensions: readonly string[],
  read: (entry: unknown) => EntryRead<Outcome>,
): { outcomes: Record<string, Outcome | { status: "failed"; error: string }>; problems: string[]; answer: Record<string, unknown> | null } {
  const answer = extractJsonObject(text, dimensions);
  const outcomes: Record<string, Outcome | { status: "failed"; error: string }> = {};
  if (!answer) {
    const reason = text.trim() === "" ? "the answer was empty" : "the answer held no readable JSON object";
    for (const id of dimensions) outcomes[id] = { status: "failed", error: reason };
    return { outcomes, problems: [reason], answer };
  }
  const problems: string[] = [];
  for (const id of dimensions) {
    const entry = entryFor(answer, id);
    if (entry === undefined) {
      outcomes[id] = { status: "failed", error: "missing from the answer" };
      problems.push(`${id} is missing`);
      continue;
    }
    const { outcome, problem } = read(entry);
    outcomes[id] = outcome;
    if (problem !== undefined) problems.push(`${id}: ${problem}`);
  }
  return { outcomes, problems, answer };
}

function scoreEntry(entry: unknown): EntryRead<DimensionOutcome> {
  const read = readEntry(entry);
  if (!read.ok) return { outcome: { status: "failed", error: `unreadable: ${read.reason}` }, problem: read.reason };
  const rationale = read.rationale.slice(0, MAX_RATIONALE_CHARS * 2);
  return { outcome: { status: "scored", score: read.score, rationale: rationale || "(no rationale given)" } };
}

/**
 * Reads the scores of `dimensions` from a model's answer.
 *
 * @example
 * parseScores('```json\n{"COHERENCE":{"score":72,"rationale":"consistent"}}\n```', ["COHERENCE"]);
 * // { outcomes: { COHERENCE: { status: "scored", score: 72, rationale: "consistent" } }, problems: [] }
 */
export function parseScores(text: string, dimensions: readonly string[]): ParsedScores {
  const { outcomes, problems, answer } = readDimensionEntries(text, dimensions, scoreEntry);
  if (!answer) return { outcomes, problems };
  const extra = Object.keys(answer).filter((key) => !dimensions.some((id) => id === key.toUpperCase()));
  // Counted, never quoted: a key the model made up may carry the content's words, and the repair
  // message that lists these problems speaks as the requester.
  if (extra.length > 0 && problems.length > 0) problems.push(`${extra.length} unexpected key${extra.length === 1 ? "" : "s"}`);
  return { outcomes, problems };
}
