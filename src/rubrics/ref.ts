import type { Rubric } from "../judge/types.ts";
import { BUILT_IN_RUBRICS } from "./built-in.ts";

/**
 * Rubric references, `id@version` (a bare `id` means the latest version): the one place they are
 * written, read and resolved to a built-in rubric. Custom rubrics resolve through ./registry.ts.
 */

/** The reference of a rubric version, e.g. `cynic-36@1`. */
export function formatRubricRef(rubric: { id: string; version: number }): string {
  return `${rubric.id}@${rubric.version}`;
}

/** Splits `id@version` into its parts; the version is absent for a bare id. */
export function parseRubricRef(ref: string): { id: string; version: number | undefined } {
  const at = ref.lastIndexOf("@");
  if (at < 0) return { id: ref, version: undefined };
  return { id: ref.slice(0, at), version: Number(ref.slice(at + 1)) };
}

/** The built-in rubric `ref` names (a bare id: its only version), if any. */
export function builtInRubric(ref: string): Rubric | undefined {
  const rubric = BUILT_IN_RUBRICS.get(parseRubricRef(ref).id);
  return rubric && (!ref.includes("@") || formatRubricRef(rubric) === ref) ? rubric : undefined;
}
