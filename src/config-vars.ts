import { z } from "zod";

/**
 * The building blocks of the configuration's schemas (src/config.ts, src/config-profiles.ts): each
 * variable's schema carries, as its description, what it accepts, so a bad setting says how to fix it.
 */

export const PROVIDERS = ["heuristic", "ollama", "openai"] as const;
export const BATCH_STRATEGIES = ["axiom", "all", "dimension"] as const;
/** `logprobs`: each score is the expectation over the model's token probabilities (docs/judgment-model.md). */
export const SCORING_MODES = ["direct", "logprobs"] as const;

export type ProviderName = (typeof PROVIDERS)[number];
export type BatchStrategy = (typeof BATCH_STRATEGIES)[number];
export type ScoringMode = (typeof SCORING_MODES)[number];

/** Errors quote a schema's description (with the value given): what the variable accepts. */
export const accepting = <T extends z.ZodType>(schema: T, accepted: string): T => schema.describe(accepted);

/** Most gate objects one endpoint's permits may be split over (docs/scaling.md). */
export const MAX_GATE_SHARDS = 32;

/** Reads an optional integer variable within bounds. */
export const intVar = (fallback: number, min: number, max: number) =>
  accepting(z.coerce.number().int().min(min).max(max).default(fallback), `an integer from ${min} to ${max} (default ${fallback})`);

/** Reads an optional non-negative decimal variable. */
export const decimalVar = (fallback: number, max: number) =>
  accepting(z.coerce.number().min(0).max(max).default(fallback), `a number from 0 to ${max} (default ${fallback})`);

/** Reads an optional choice among `values`. */
export const enumVar = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  accepting(z.enum(values).default(fallback as never), `one of ${values.join(", ")} (default ${fallback})`);

export const httpUrl = accepting(z.url({ protocol: /^https?$/ }).optional(), "an http:// or https:// URL");

export const optionalString = accepting(
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  "a string",
);
