import type { z } from "zod";
import type { FieldError } from "../errors.ts";
import { nearestIssues } from "../middleware/json-body.ts";
import { ComparisonRequestSchema } from "../schemas/comparison.ts";
import { JudgmentRequestSchema } from "../schemas/judgment.ts";
import { BatchItemSchema, MAX_BATCH_ITEMS, type BatchItem, type BatchItemRequest, type BatchRequest } from "../schemas/batch.ts";

/** Defaults an item inherits (the JSON body's `defaults`, or an NDJSON submission's query parameters). */
export type ItemDefaults = NonNullable<BatchRequest["defaults"]>;

/**
 * Each item as the ordinary request it stands for, a judgment or a comparison: its own fields, then
 * the batch's defaults, then the API's (`JudgmentRequestSchema`, `ComparisonRequestSchema`).
 */
export function resolveItems(items: readonly BatchItem[], defaults: ItemDefaults = {}): BatchItemRequest[] {
  return items.map((item) => {
    const merged: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(item)) if (value !== undefined) merged[key] = value;
    return "a" in item ? ComparisonRequestSchema.parse(merged) : JudgmentRequestSchema.parse(merged);
  });
}

export type NdjsonItems = { ok: true; items: BatchItem[] } | { ok: false; errors: FieldError[] };

const MAX_REPORTED_ERRORS = 20;

const issuesAt = (line: number, error: z.ZodError): FieldError[] =>
  nearestIssues(error).map((issue) => ({ path: ["items", line, ...issue.path.map(String)].join("."), message: issue.message }));

/**
 * Parses an `application/x-ndjson` body: one item per line (blank lines ignored). Errors name the item
 * by its index (`items.3.content`), like the JSON form, and at most 20 are reported.
 */
export function parseNdjsonItems(text: string): NdjsonItems {
  const errors: FieldError[] = [];
  const items: BatchItem[] = [];
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  if (lines.length === 0) return { ok: false, errors: [{ path: "items", message: "at least one item" }] };
  if (lines.length > MAX_BATCH_ITEMS) return { ok: false, errors: [{ path: "items", message: `at most ${MAX_BATCH_ITEMS} items` }] };
  for (const [index, line] of lines.entries()) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ path: `items.${index}`, message: "not a JSON object" });
      continue;
    }
    const parsed = BatchItemSchema.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else errors.push(...issuesAt(index, parsed.error));
  }
  return errors.length ? { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS) } : { ok: true, items };
}
