import { z } from "@hono/zod-openapi";
import { REALITIES, VERDICTS } from "../judge/types.ts";
import { EXAMPLES } from "../openapi/examples.ts";

/**
 * The judgment request and the judgment object: the single source of the API's types and of its
 * OpenAPI document.
 */

/** Not only dots: `.` and `..` are path segments, so `Location: /v1/judgments/..` would name another resource. */
export const CELL_ID_PATTERN = /^(?!\.+$)[A-Za-z0-9._:-]{1,128}$/;
const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RUBRIC_REF_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}(@[1-9][0-9]{0,8})?$/;
export const MAX_CONTEXT_BYTES = 16_384;

const utf8Length = (value: string) => new TextEncoder().encode(value).byteLength;

export const CellIdSchema = z
  .string()
  .regex(CELL_ID_PATTERN, "1–128 characters of [A-Za-z0-9._:-], not only dots")
  .openapi({ example: "pr-1234:add.ts" });

export const RealitySchema = z.enum(REALITIES).openapi({ description: "Selects the axiom weights." });

export const JudgmentRequestSchema = z
  .strictObject({
    content: z.string().min(1, "content must not be empty").openapi({
      description: "What to judge (code, text, a decision); at most MAX_CONTENT_BYTES UTF-8 bytes.",
      example: "function add(a, b) { return a + b }",
    }),
    cell_id: CellIdSchema.optional().openapi({
      description: "Identity of the thing judged; derived from the request when absent.",
    }),
    context: z
      .string()
      .refine((value) => utf8Length(value) <= MAX_CONTEXT_BYTES, `context exceeds ${MAX_CONTEXT_BYTES} bytes`)
      .optional()
      .openapi({ description: "Extra instructions or a reference answer." }),
    reality: RealitySchema.optional(),
    rubric: z
      .string()
      .regex(RUBRIC_REF_PATTERN, "a rubric id, optionally id@version")
      .default("cynic-36")
      .openapi({ example: "cynic-36" }),
    judge: z
      .string()
      .regex(NAME_PATTERN, "a judge profile name")
      .default("default")
      .openapi({ description: "A judge profile configured on the server (`JUDGE_PROFILES`)." }),
    budget_usd: z
      .number()
      .min(0)
      .max(1_000_000)
      .optional()
      .openapi({ description: "Most the judgment may spend in all, its retries included (USD; at most the server's `JUDGE_BUDGET_USD`, a larger value is lowered to it). It is refused (422 `budget_too_low`) when its worst case exceeds this, and stops (422 `budget_exhausted`) before any model call that could pass it." }),
  })
  // A real request (src/openapi/examples.json) with no fixed cell_id: "Try it out" never conflicts.
  .openapi("JudgmentRequest", { example: EXAMPLES.request });

export type JudgmentRequest = z.output<typeof JudgmentRequestSchema>;

export const JudgmentStatusSchema = z
  .enum(["pending", "scoring", "completed", "failed"])
  .openapi({ description: "`completed` is final; `failed` is retried by the next request for the cell." });
export type JudgmentStatus = z.output<typeof JudgmentStatusSchema>;

/** The statuses of a judgment still to finish: its cell may be scoring it, or was interrupted. */
export const UNFINISHED_STATUSES = ["pending", "scoring"] as const satisfies readonly JudgmentStatus[];

export function isUnfinished(status: JudgmentStatus): status is (typeof UNFINISHED_STATUSES)[number] {
  return (UNFINISHED_STATUSES as readonly JudgmentStatus[]).includes(status);
}

const DimensionResultSchema = z.object({
  axiom: z.string(),
  score: z.number().nullable(),
  rationale: z.string().nullable(),
  status: z.enum(["scored", "failed"]),
  error: z.string().optional(),
  scoring: z.enum(["logprobs", "direct"]).optional().openapi({
    description: "Profiles with `scoring: \"logprobs\"` only: whether `score` is the expectation over the model's token probabilities or, without usable probabilities, the number it wrote.",
  }),
  raw_score: z.number().optional().openapi({ description: "Profiles with `scoring: \"logprobs\"` only: the number the model wrote." }),
  jurors: z.record(z.string(), z.number().nullable()).optional().openapi({
    description: "Panels only: each juror's score of this dimension, null where it gave none; `score` is their aggregate.",
    example: { llama: 70, qwen: 74, mistral: null },
  }),
});

const UsageSchema = z
  .object({
    llm_calls: z.number().int(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    cost_usd: z.number(),
  })
  .openapi({ description: "Model calls and tokens spent, and their cost from JUDGE_PRICE_*_PER_MTOK (0 for local models)." });

const JuryMemberSchema = z.object({
  profile: z.string(),
  provider: z.string(),
  model: z.string(),
  status: z.enum(["pending", "scoring", "completed", "failed"]).openapi({ description: "`completed`: the juror scored every axiom; a failed juror invents no score." }),
  usage: UsageSchema,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

const JurySchema = z
  .object({
    aggregate: z.enum(["mean", "median", "trimmed_mean", "weighted"]),
    quorum: z.number().int().openapi({ description: "Jurors that must complete; fewer fail the judgment with `insufficient_scores`." }),
    members: z.array(JuryMemberSchema),
    agreement: z.object({
      alpha: z.number().nullable().openapi({ description: "Krippendorff's α (interval) over dimensions × jurors: 1 full agreement, 0 no better than chance, below 0 systematic disagreement; null when no dimension has two scores." }),
      mean_spread: z.number().nullable().openapi({ description: "Mean over dimensions of the highest minus the lowest juror score." }),
    }),
    disagreements: z.array(z.string()).openapi({ description: "Dimensions whose juror scores spread by JURY_DISAGREEMENT (default 25) or more, in rubric order." }),
  })
  .openapi("Jury", { description: "Panels only: who judged, how their scores were combined, and how much they agreed." });

export const JudgmentSchema = z
  .object({
    cell_id: CellIdSchema,
    judgment_id: z.string(),
    status: JudgmentStatusSchema,
    cached: z.boolean().openapi({ description: "True when the cell already held this judgment: no model was called." }),
    rubric: z.object({ id: z.string(), version: z.number().int() }),
    reality: RealitySchema.nullable(),
    judge: z.object({
      profile: z.string(),
      provider: z.string().openapi({ description: "`panel` for a jury (its members are under `jury`)." }),
      model: z.string(),
      prompt_version: z.string(),
      scoring_fallbacks: z.number().int().optional().openapi({
        description: "Probability-weighted profiles only: dimension scores left at the sampled number because the endpoint returned no usable token probabilities.",
      }),
    }),
    q_score: z.number().nullable().openapi({ description: "0–100: weighted geometric mean of the axiom scores." }),
    verdict: z.enum(VERDICTS).nullable().openapi({ description: "The rubric's band Q falls in (cynic-36: HOWL ≥ 80, WAG ≥ 50, GROWL ≥ 38.2, else BARK)." }),
    confidence: z.number().nullable().openapi({ description: "0–0.618 (φ⁻¹): distance of Q from 50, scaled by the share of dimensions scored." }),
    axioms: z.record(z.string(), z.number()).openapi({ description: "Score 0–100 of each axiom." }),
    dimensions: z.record(z.string(), DimensionResultSchema).openapi({ description: "Each dimension's score and rationale, by dimension id." }),
    unnameable: z.number().nullable().openapi({ description: "100 when every dimension scores alike, falling to 0 as they spread." }),
    weakest: z
      .object({ axiom: z.string(), score: z.number(), drag: z.number() })
      .nullable()
      .openapi({ description: "The lowest axiom, and how far the mean of the others sits above Q." }),
    flags: z.array(z.string()).openapi({ description: "Dimensions scored below their threshold." }),
    usage: UsageSchema,
    jury: JurySchema.optional(),
    timing: z.object({
      queued_ms: z.number().nullable(),
      scoring_ms: z.number().nullable(),
      total_ms: z.number().nullable(),
    }),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        retry_after_seconds: z.number().int().optional().openapi({ description: "When retrying makes sense, if the cause says." }),
      })
      .optional(),
    created_at: z.string().openapi({ format: "date-time" }),
    completed_at: z.string().nullable().openapi({ format: "date-time" }),
    links: z.object({ self: z.string(), stream: z.string() }),
  })
  // A whole real judgment (src/openapi/examples.json), not one pieced together from field examples.
  .openapi("Judgment", { example: EXAMPLES.completed });

export type Judgment = z.output<typeof JudgmentSchema>;
export type DimensionResult = z.output<typeof DimensionResultSchema>;
export type Jury = z.output<typeof JurySchema>;
export type JuryMember = z.output<typeof JuryMemberSchema>;

/** One page of `GET /v1/judgments`. */
export const JudgmentPageSchema = z
  .object({
    items: z.array(JudgmentSchema),
    next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page; null on the last." }),
  })
  .openapi("JudgmentPage");

export type JudgmentPage = z.output<typeof JudgmentPageSchema>;
