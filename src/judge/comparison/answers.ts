import { z } from "zod";
import { MAX_RATIONALE_CHARS } from "../dimension-schema.ts";
import { readDimensionEntries } from "../parse-scores.ts";
import type { Preference, PreferenceAnswer } from "./outcome.ts";

/**
 * What a comparison call asks for and how its answer is read. The JSON Schema follows the judgment's
 * rule (README "Use a real model"): properties are exactly the dimension ids of the call,
 * all required; here each is `{prefer: "first"|"second"|"tie", rationale}`. Reading is as defensive as
 * for scores, and an unreadable entry fails that dimension alone: it never becomes a tie.
 */

export const PREFERENCES = ["first", "second", "tie"] as const satisfies readonly Preference[];

/**
 * @example
 * preferenceSchema([{ id: "COHERENCE" }]).required; // ["COHERENCE"]
 */
export function preferenceSchema(dimensions: readonly { id: string }[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const { id } of dimensions) {
    properties[id] = {
      type: "object",
      properties: { prefer: { type: "string", enum: [...PREFERENCES] }, rationale: { type: "string" } },
      required: ["prefer", "rationale"],
      additionalProperties: false,
    };
  }
  return { type: "object", properties, required: dimensions.map(({ id }) => id), additionalProperties: false };
}

export type PreferenceOutcome = ({ status: "answered" } & PreferenceAnswer) | { status: "failed"; error: string };

export interface ParsedPreferences {
  outcomes: Record<string, PreferenceOutcome>;
  /** What was wrong, for the repair message; empty when every dimension was read. */
  problems: string[];
}

const PreferSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
  z.enum(PREFERENCES, { error: 'prefer is not one of "first", "second", "tie"' }),
);

function readEntry(entry: unknown): PreferenceOutcome {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    return { status: "failed", error: "unreadable: not an object" };
  }
  const record = entry as Record<string, unknown>;
  const prefer = PreferSchema.safeParse(record.prefer);
  if (!prefer.success) return { status: "failed", error: `unreadable: ${prefer.error.issues[0]?.message ?? "bad prefer"}` };
  const rationale = typeof record.rationale === "string" ? record.rationale.trim().slice(0, MAX_RATIONALE_CHARS * 2) : "";
  return { status: "answered", prefer: prefer.data, rationale: rationale || "(no rationale given)" };
}

/**
 * Reads the preferences of `dimensions` from a model's answer.
 *
 * @example
 * parsePreferences('{"COHERENCE":{"prefer":"first","rationale":"clearer"}}', ["COHERENCE"]);
 * // { outcomes: { COHERENCE: { status: "answered", prefer: "first", rationale: "clearer" } }, problems: [] }
 */
export function parsePreferences(text: string, dimensions: readonly string[]): ParsedPreferences {
  const { outcomes, problems } = readDimensionEntries(text, dimensions, (entry) => {
    const outcome = readEntry(entry);
    return { outcome, problem: outcome.status === "failed" ? outcome.error : undefined };
  });
  return { outcomes, problems };
}
