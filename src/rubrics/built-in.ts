import { CYNIC_36 } from "../judge/rubric-cynic36.ts";
import type { Rubric } from "../judge/types.ts";

/** Rubrics that ship with the code, by id: no storage is needed to read them. */
export const BUILT_IN_RUBRICS: ReadonlyMap<string, Rubric> = new Map([[CYNIC_36.id, CYNIC_36]]);
