import { z } from "@hono/zod-openapi";
import { CellIdSchema, JudgmentRequestSchema, JudgmentSchema, RealitySchema } from "./judgment.ts";

/**
 * The comparison request and the comparison object: the single source of their types and of their
 * OpenAPI description (docs/judgment-model.md, "Comparisons").
 */

const judgmentFields = JudgmentRequestSchema.shape;

export const ComparisonRequestSchema = z
  .strictObject({
    a: judgmentFields.content.openapi({ description: "The first answer to compare; the order of `a` and `b` does not matter.", example: "Use a map: O(1) lookups." }),
    b: judgmentFields.content.openapi({ description: "The second answer.", example: "Loop over the list each time." }),
    comparison_id: CellIdSchema.optional().openapi({ description: "Identity of the comparison; derived from the request (independent of the order of a and b) when absent." }),
    context: judgmentFields.context,
    reality: RealitySchema.optional(),
    rubric: judgmentFields.rubric,
    judge: judgmentFields.judge,
    budget_usd: judgmentFields.budget_usd,
  })
  .openapi("ComparisonRequest", { example: { a: "Use a map: O(1) lookups.", b: "Loop over the list each time.", reality: "CODE" } });

export type ComparisonRequest = z.output<typeof ComparisonRequestSchema>;

const SideSchema = z.enum(["a", "b", "tie"]);

export const ComparisonSchema = z
  .object({
    comparison_id: CellIdSchema,
    status: JudgmentSchema.shape.status,
    cached: JudgmentSchema.shape.cached,
    rubric: JudgmentSchema.shape.rubric,
    reality: JudgmentSchema.shape.reality,
    judge: JudgmentSchema.shape.judge,
    winner: SideSchema.nullable().openapi({ description: "Weighted winner over the dimensions; `tie` when |margin| < 0.05." }),
    margin: z.number().nullable().openapi({ description: "−1..1: weighted a-wins minus b-wins over the total weight (positive favours a).", example: 0.42 }),
    position_consistency: z.number().nullable().openapi({ description: "Share of dimensions whose two orders agree.", example: 0.914 }),
    first_position_rate: z.number().nullable().openapi({ description: "Share of non-tie answers that preferred whichever was shown first (0.5 is unbiased).", example: 0.52 }),
    dimensions: z
      .record(
        z.string(),
        z.object({
          winner: SideSchema,
          consistent: z.boolean().openapi({ description: "False when the two orders disagreed: the dimension is then a tie." }),
          rationale: z.string().openapi({ description: "For a panel, the first juror whose verdict is the panel's, prefixed by its name." }),
          jurors: z
            .record(z.string(), SideSchema.nullable())
            .optional()
            .openapi({ description: "Panels only: each juror's verdict on this dimension (an inconsistent juror's is `tie`), null where it had none." }),
        }),
      )
      .openapi({ description: "Each dimension compared in both orders, by dimension id." }),
    axioms: z.record(z.string(), z.object({ a_wins: z.number().int(), b_wins: z.number().int(), ties: z.number().int() })),
    // Panels only: see the createComparison route for how jurors' votes become the panel's.
    jury: JudgmentSchema.shape.jury,
    usage: JudgmentSchema.shape.usage,
    error: JudgmentSchema.shape.error,
    created_at: JudgmentSchema.shape.created_at,
    completed_at: JudgmentSchema.shape.completed_at,
    links: JudgmentSchema.shape.links,
  })
  .openapi("Comparison");

export type Comparison = z.output<typeof ComparisonSchema>;
