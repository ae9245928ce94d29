import { z } from "@hono/zod-openapi";
import { ComparisonRequestSchema, ComparisonSchema, type ComparisonRequest } from "./comparison.ts";
import { JudgmentRequestSchema, JudgmentSchema, RealitySchema, type JudgmentRequest } from "./judgment.ts";

/**
 * Batches (README "Judge a dataset: batches"): the request, the batch object, one result line and the list page. The
 * single source of their types and of their OpenAPI document.
 */

export const MAX_BATCH_ITEMS = 10_000;
export const BATCH_ID_PATTERN = /^b_[0-9a-f]{32}$/;

export const BatchIdSchema = z
  .string()
  .regex(BATCH_ID_PATTERN, "a batch id (b_ and 32 hex digits)")
  .openapi({ example: "b_5f0c2a9e8d7b4c1aa3e6f9d2c4b8a7e1" });

const shape = JudgmentRequestSchema.shape;

/** What every item inherits unless it says otherwise. */
export const BatchDefaultsSchema = z
  .strictObject({
    reality: RealitySchema.optional(),
    rubric: shape.rubric.unwrap().optional(),
    judge: shape.judge.unwrap().optional(),
    budget_usd: shape.budget_usd,
  })
  .openapi("BatchDefaults");

/** A judgment item: an ordinary judgment request whose omitted fields come from `defaults`. */
const BatchJudgmentItemSchema = z
  .strictObject({
    content: shape.content,
    cell_id: shape.cell_id,
    context: shape.context,
    reality: shape.reality,
    rubric: shape.rubric.unwrap().optional(),
    judge: shape.judge.unwrap().optional(),
    budget_usd: shape.budget_usd,
  })
  .openapi("BatchJudgmentItem");

const comparison = ComparisonRequestSchema.shape;

/** A comparison item: an ordinary comparison request (`a` and `b`) whose omitted fields come from `defaults`. */
const BatchComparisonItemSchema = z
  .strictObject({
    a: comparison.a,
    b: comparison.b,
    comparison_id: comparison.comparison_id,
    context: comparison.context,
    reality: comparison.reality,
    rubric: comparison.rubric.unwrap().optional(),
    judge: comparison.judge.unwrap().optional(),
    budget_usd: comparison.budget_usd,
  })
  .openapi("BatchComparisonItem");

/** One item: a judgment (`content`) or a comparison (`a` and `b`). */
export const BatchItemSchema = z.union([BatchJudgmentItemSchema, BatchComparisonItemSchema]).openapi("BatchItem");
export type BatchItem = z.output<typeof BatchItemSchema>;

/** An item as the batch stores and runs it: the request it stands for, defaults applied. */
export type BatchItemRequest = JudgmentRequest | ComparisonRequest;

export const isComparisonItem = (item: BatchItemRequest): item is ComparisonRequest => "a" in item;

const MetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(512), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 32, "at most 32 metadata keys")
  .openapi({ description: "Your own labels, returned with the batch (≤ 32 keys).", example: { dataset: "pr-reviews", run: 7 } });

export const BatchRequestSchema = z
  .strictObject({
    items: z.array(BatchItemSchema).min(1, "at least one item").max(MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} items`),
    defaults: BatchDefaultsSchema.optional(),
    budget_usd: z.number().min(0).max(1_000_000).optional().openapi({
      description: "Most the whole batch may spend (USD, worst case reserved per item); past it, remaining items end `skipped` with `budget_exhausted`.",
    }),
    callback_url: z.url({ protocol: /^https?$/ }).max(2048).optional().openapi({
      description: "POSTed the batch object when the batch ends, signed with `Webhook-Signature`.",
    }),
    metadata: MetadataSchema.optional(),
  })
  .openapi("BatchRequest", {
    example: { items: [{ content: "function add(a, b) { return a + b }" }, { content: "SELECT * FROM users" }], defaults: { reality: "CODE" } },
  });
export type BatchRequest = z.output<typeof BatchRequestSchema>;

/** The query parameters of an NDJSON submission (the body holds only items). */
export const BatchQuerySchema = z.strictObject({
  reality: RealitySchema.optional(),
  rubric: shape.rubric.unwrap().optional(),
  judge: shape.judge.unwrap().optional(),
  budget_usd: z.coerce.number().min(0).max(1_000_000).optional().openapi({ description: "The batch's budget (USD)." }),
  item_budget_usd: z.coerce.number().min(0).max(1_000_000).optional().openapi({ description: "Each item's default budget (USD)." }),
  callback_url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
});

export const BatchStatusSchema = z.enum(["running", "completed", "cancelled"]);
export type BatchStatus = z.output<typeof BatchStatusSchema>;

export const ItemStatusSchema = z.enum(["pending", "completed", "failed", "skipped"]);
export type ItemStatus = z.output<typeof ItemStatusSchema>;

const UsageSchema = z.object({
  llm_calls: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cost_usd: z.number(),
});

const BatchLinksSchema = z.object({ self: z.string(), results: z.string(), stream: z.string() });

export const BatchCreatedSchema = z
  .object({ batch_id: BatchIdSchema, status: z.literal("running"), total: z.number().int(), links: BatchLinksSchema })
  .openapi("BatchCreated");
export type BatchCreated = z.output<typeof BatchCreatedSchema>;

export const BatchSchema = z
  .object({
    batch_id: BatchIdSchema,
    status: BatchStatusSchema,
    total: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    budget_usd: z.number().nullable(),
    usage: UsageSchema.openapi({ description: "Model calls this batch caused (a cached or repeated cell costs nothing)." }),
    summary: z.object({
      verdicts: z.record(z.string(), z.number().int()).openapi({ description: "Completed judgment items per verdict." }),
      q_score: z.object({ mean: z.number().nullable(), p50: z.number().nullable(), p90: z.number().nullable() }),
      winners: z
        .object({ a: z.number().int(), b: z.number().int(), tie: z.number().int() })
        .openapi({ description: "Completed comparison items by winner." }),
    }),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    webhook: z
      .object({
        status: z.enum(["pending", "delivered", "failed"]),
        attempts: z.number().int(),
        last_status: z.number().int().nullable().openapi({ description: "HTTP status of the last attempt (null: no answer)." }),
        delivered_at: z.string().nullable(),
      })
      .nullable(),
    created_at: z.string().openapi({ format: "date-time" }),
    completed_at: z.string().nullable().openapi({ format: "date-time" }),
    links: BatchLinksSchema,
  })
  .openapi("Batch");
export type Batch = z.output<typeof BatchSchema>;

export const ItemErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ItemError = z.output<typeof ItemErrorSchema>;

/** One line of the results: the item's judgment, or why it has none. */
export const BatchResultLineSchema = z
  .object({
    index: z.number().int(),
    cell_id: z.string().nullable().openapi({ description: "The item's cell: a judgment's cell id, or a comparison's id." }),
    status: ItemStatusSchema,
    judgment: JudgmentSchema.optional().openapi({ description: "A completed judgment item's judgment." }),
    comparison: ComparisonSchema.optional().openapi({ description: "A completed comparison item's comparison." }),
    error: ItemErrorSchema.optional(),
  })
  .openapi("BatchResultLine");
export type BatchResultLine = z.output<typeof BatchResultLineSchema>;

export const BatchPageSchema = z
  .object({ items: z.array(BatchSchema), next_cursor: z.string().nullable() })
  .openapi("BatchPage");
