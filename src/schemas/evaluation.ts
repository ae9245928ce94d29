import { z } from "@hono/zod-openapi";
import { MAX_BATCH_ITEMS } from "./batch.ts";
import { CellIdSchema, JudgmentRequestSchema, RealitySchema } from "./judgment.ts";

/**
 * The evaluation request and its state: a judge run over labelled items, reporting how well it agrees
 * with the labels (docs/judgment-model.md, "Evaluations"). Single source of types and OpenAPI.
 */

/** As many as a batch: the items run through the same machinery. */
export const MAX_EVALUATION_ITEMS = MAX_BATCH_ITEMS;

const fields = JudgmentRequestSchema.shape;

const ScoreItemSchema = z.strictObject({
  content: fields.content,
  context: fields.context,
  label: z.union([z.number().min(0).max(100), z.enum(["pass", "fail"])]).openapi({ description: "A score 0–100, or pass/fail." }),
});

const PairItemSchema = z.strictObject({
  a: fields.content,
  b: fields.content,
  context: fields.context,
  label: z.enum(["a", "b", "tie"]).openapi({ description: "Which answer is better." }),
});

export const EvaluationRequestSchema = z
  .strictObject({
    judge: fields.judge,
    rubric: fields.rubric,
    reality: RealitySchema.optional(),
    threshold: z.number().min(0).max(100).default(50).openapi({ description: "A judgment passes when its q_score is at least this." }),
    items: z
      .union([z.array(ScoreItemSchema).min(1).max(MAX_EVALUATION_ITEMS), z.array(PairItemSchema).min(1).max(MAX_EVALUATION_ITEMS)])
      .openapi({ description: `1–${MAX_EVALUATION_ITEMS} labelled items, all single or all pairs.` }),
  })
  .openapi("EvaluationRequest", {
    example: { judge: "default", items: [{ content: "function add(a, b) { return a + b }", label: 70 }, { content: "TODO", label: "fail" }] },
  });

export type EvaluationRequest = z.output<typeof EvaluationRequestSchema>;

const FigureSchema = z.object({ value: z.number(), ci95: z.tuple([z.number(), z.number()]).nullable() }).nullable();

const AgreementSchema = z.object({
  spearman: FigureSchema,
  pearson: FigureSchema,
  mae: FigureSchema,
  qwk: FigureSchema.openapi({ description: "Quadratic-weighted κ over the verdict bands (numeric labels)." }),
  accuracy: FigureSchema,
  kappa: FigureSchema.openapi({ description: "Cohen's κ of pass/fail at the threshold." }),
  confusion: z.object({ tp: z.number().int(), fp: z.number().int(), fn: z.number().int(), tn: z.number().int() }).nullable(),
  pairwise_accuracy: FigureSchema,
  position_consistency: FigureSchema,
});

export const EvaluationSchema = z
  .object({
    evaluation_id: CellIdSchema,
    status: z.enum(["running", "completed"]),
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    judge: z.string(),
    report: AgreementSchema.extend({
      n: z.number().int(),
      failed: z.number().int(),
      threshold: z.number(),
      baseline: AgreementSchema.extend({ judge: z.literal("length") }),
    })
      .optional()
      .openapi({ description: "When completed: each figure with a seeded 95 % bootstrap interval (1,000 resamples), next to a length baseline. Figures that do not apply to the labels are null." }),
    created_at: z.string().openapi({ format: "date-time" }),
    completed_at: z.string().nullable().openapi({ format: "date-time" }),
    links: z.object({
      self: z.string(),
      batch: z.string().optional().openapi({ description: "Scored items run as this batch (`GET /v1/batches/{batch_id}`: its progress, results and stream); absent for pairs." }),
    }),
  })
  .openapi("Evaluation");

export type Evaluation = z.output<typeof EvaluationSchema>;
