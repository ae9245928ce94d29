import { ApiError } from "../errors.ts";
import { CYNIC_36 } from "../judge/rubric-cynic36.ts";
import type { Rubric } from "../judge/types.ts";

const BUILT_IN: ReadonlyMap<string, Rubric> = new Map([[CYNIC_36.id, CYNIC_36]]);

/** Splits `id@version` into its parts; the version is absent for a bare id. */
export function parseRubricRef(ref: string): { id: string; version: number | undefined } {
  const [id = ref, version] = ref.split("@");
  return { id, version: version === undefined ? undefined : Number(version) };
}

/**
 * Resolves a request's rubric reference to a rubric definition.
 * Built-in rubrics only for now; custom rubrics stored in Turso arrive with the judge-engine issue (#3).
 *
 * @throws ApiError `invalid_request` for an unknown rubric or version.
 */
export async function resolveRubric(ref: string): Promise<Rubric> {
  const { id, version } = parseRubricRef(ref);
  const rubric = BUILT_IN.get(id);
  if (!rubric) throw new ApiError("invalid_request", `unknown rubric "${id}"`, { errors: [{ path: "rubric", message: "unknown rubric" }] });
  if (version !== undefined && version !== rubric.version) {
    throw new ApiError("invalid_request", `rubric "${id}" has no version ${version}`, {
      errors: [{ path: "rubric", message: "unknown rubric version" }],
    });
  }
  return rubric;
}
