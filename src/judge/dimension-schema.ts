import type { DimensionSpec } from "./types.ts";

/** Longest rationale asked of a model; longer ones are cut, never refused. */
export const MAX_RATIONALE_CHARS = 240;

/**
 * Output tokens a call may spend per dimension: `{"ID":{"score":72,"rationale":"…240 chars…"}}` is about
 * 80 tokens, with room to spare. It bounds the call (`max_tokens` / `num_predict`) and the worst-case
 * cost, so an estimate is a real ceiling.
 */
export const OUTPUT_TOKENS_PER_DIMENSION = 110;
const OUTPUT_TOKENS_PER_CALL = 32;

export function maxOutputTokens(dimensionCount: number): number {
  return OUTPUT_TOKENS_PER_CALL + OUTPUT_TOKENS_PER_DIMENSION * dimensionCount;
}

/**
 * The JSON Schema sent with a call (README "Use a real model"): an object whose properties are
 * exactly the dimension ids being scored in that call, each `{score: number 0..100, rationale: string}`,
 * all required, nothing else allowed (OpenAI's strict mode needs `additionalProperties: false`).
 *
 * @example
 * dimensionSchema([{ id: "COHERENCE", … }]).required; // ["COHERENCE"]
 */
export function dimensionSchema(dimensions: Pick<DimensionSpec, "id">[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const { id } of dimensions) {
    properties[id] = {
      type: "object",
      properties: {
        score: { type: "number", minimum: 0, maximum: 100 },
        rationale: { type: "string" },
      },
      required: ["score", "rationale"],
      additionalProperties: false,
    };
  }
  return { type: "object", properties, required: dimensions.map(({ id }) => id), additionalProperties: false };
}
