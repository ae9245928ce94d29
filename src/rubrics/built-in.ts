import { CYNIC_36 } from "../judge/rubric-cynic36.ts";
import type { Rubric } from "../judge/types.ts";

/** Rubrics that ship with the code, by id: no storage is needed to read them. */
export const BUILT_IN_RUBRICS: ReadonlyMap<string, Rubric> = new Map([[CYNIC_36.id, CYNIC_36]]);

/** The built-in rubric `ref` (`id@version`) names, if any. */
export function builtInRubric(ref: string): Rubric | undefined {
  const at = ref.lastIndexOf("@");
  const rubric = BUILT_IN_RUBRICS.get(at < 0 ? ref : ref.slice(0, at));
  return rubric && (at < 0 || `${rubric.version}` === ref.slice(at + 1)) ? rubric : undefined;
}
