import type { Behaviour } from "./behaviour.ts";
import { deterministicScore } from "./behaviour.ts";

/**
 * Answers to comparison calls (schema properties of `{prefer, rationale}`), per the model name's
 * `prefer=` directive:
 *
 *   fake+prefer=first      always the content shown first (a judge with pure position bias)
 *   fake+prefer=marked     the content holding "[BETTER]" whatever its position; a tie if neither or both
 *   fake                   the content whose deterministic score for the dimension is higher
 */

export const PREFER_MODES = ["first", "second", "tie", "marked"] as const;
export type PreferMode = (typeof PREFER_MODES)[number];

export const BETTER_MARK = "[BETTER]";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether a request's schema asks for preferences rather than scores. */
export function asksForPreferences(schema: Record<string, unknown> | null): boolean {
  const properties = schema?.properties;
  if (!isObject(properties)) return false;
  const first = Object.values(properties)[0];
  return isObject(first) && isObject(first.properties) && "prefer" in first.properties;
}

/** The two fenced contents of a comparison prompt, in the order shown. */
export function shownContents(user: string): { first: string; second: string } {
  const section = (label: string) => {
    const at = user.indexOf(`${label} content:\n<<<`);
    if (at < 0) return "";
    const open = user.indexOf(">>>\n", at) + 4;
    const tag = user.slice(user.indexOf("<<<", at) + 3, open - 4);
    const close = user.indexOf(`\n<<<END ${tag}>>>`, open);
    return close < 0 ? "" : user.slice(open, close);
  };
  return { first: section("First"), second: section("Second") };
}

function preferenceOf(mode: PreferMode | null, dimension: string, shown: { first: string; second: string }): "first" | "second" | "tie" {
  if (mode === "first" || mode === "second" || mode === "tie") return mode;
  if (mode === "marked") {
    const first = shown.first.includes(BETTER_MARK);
    const second = shown.second.includes(BETTER_MARK);
    return first === second ? "tie" : first ? "first" : "second";
  }
  const a = deterministicScore(dimension, shown.first);
  const b = deterministicScore(dimension, shown.second);
  return a === b ? "tie" : a > b ? "first" : "second";
}

/** The JSON answer of a comparison call for the requested dimensions. */
export function preferenceAnswer(dimensions: string[], behaviour: Pick<Behaviour, "prefer">, user: string): Record<string, { prefer: string; rationale: string }> {
  const shown = shownContents(user);
  const answer: Record<string, { prefer: string; rationale: string }> = {};
  for (const id of dimensions) {
    const prefer = preferenceOf(behaviour.prefer, id, shown);
    answer[id] = { prefer, rationale: `fake model: ${id} prefers ${prefer}` };
  }
  return answer;
}
