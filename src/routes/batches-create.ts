import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { callbackRefusal } from "../batches/callback-url.ts";
import { parseNdjsonItems, resolveItems, type ItemDefaults } from "../batches/items.ts";
import { batchStub, newBatchId } from "../objects/batch.ts";
import { configOf, judgeChoice } from "../config.ts";
import { ApiError, type FieldError } from "../errors.ts";
import { readAtMost } from "../middleware/json-body.ts";
import { BatchCreatedSchema, BatchQuerySchema, BatchRequestSchema, isComparisonItem, type BatchItem, type BatchItemRequest } from "../schemas/batch.ts";
import { quotaChargeFor } from "../quotas/charge.ts";
import { problemResponses } from "../schemas/problem.ts";

export const NDJSON = "application/x-ndjson";

const route = createRoute({
  method: "post",
  path: "/v1/batches",
  operationId: "createBatch",
  tags: ["batches"],
  summary: "Judge up to 10,000 items in the background",
  description:
    "Send `{items, defaults?, budget_usd?, callback_url?, metadata?}` as JSON, or one item per line as " +
    "`application/x-ndjson` with the defaults in query parameters. Answers 202 at once: the batch runs in " +
    "its own object, each item through its cell (a duplicate or an already judged cell costs nothing). " +
    "Follow `links.stream`, poll `links.self`, read `links.results`, or give a `callback_url`.",
  request: {
    query: BatchQuerySchema,
    // Not `required` in the document's sense only because the NDJSON form is read by the handler.
    body: {
      required: false,
      content: {
        "application/json": { schema: BatchRequestSchema },
        [NDJSON]: { schema: z.string().openapi({ description: "One BatchItem per line." }) },
      },
    },
  },
  responses: {
    202: {
      description: "Accepted: the batch is running",
      headers: { Location: { description: "The batch: `/v1/batches/{batch_id}`.", schema: { type: "string" } } },
      content: { "application/json": { schema: BatchCreatedSchema } },
    },
    ...problemResponses("invalid_request", "unauthorized", "payload_too_large", "unsupported_media_type", "rate_limited"),
  },
});

interface Submission {
  items: BatchItem[];
  defaults: ItemDefaults;
  budgetUsd: number | null;
  callbackUrl: string | null;
  metadata: Record<string, unknown> | null;
}

async function readNdjson(request: Request, maxBytes: number): Promise<BatchItem[]> {
  const bytes = await readAtMost(request.body, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError("invalid_request", "the body is not valid UTF-8");
  }
  const parsed = parseNdjsonItems(text);
  if (!parsed.ok) throw invalidItems(parsed.errors);
  return parsed.items;
}

function invalidItems(errors: FieldError[]): ApiError {
  return new ApiError("invalid_request", `the batch is invalid: ${errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join("; ")}`, { errors });
}

/** What the cells would refuse of every item anyway, refused now for the whole batch (at most 20 listed). */
function checkItems(env: Env, items: BatchItemRequest[]): void {
  const config = configOf(env);
  const errors: FieldError[] = [];
  const encoder = new TextEncoder();
  for (const [index, item] of items.entries()) {
    if (errors.length >= 20) break;
    if (!judgeChoice(config, item.judge)) errors.push({ path: `items.${index}.judge`, message: `unknown judge profile "${item.judge}"` });
    const texts = isComparisonItem(item) ? { a: item.a, b: item.b } : { content: item.content };
    for (const [field, text] of Object.entries(texts)) {
      if (encoder.encode(text).byteLength > config.maxContentBytes) {
        errors.push({ path: `items.${index}.${field}`, message: `${field} exceeds ${config.maxContentBytes} bytes` });
      }
    }
  }
  if (errors.length) throw invalidItems(errors);
}

function checkCallback(env: Env, url: string | null): void {
  if (url === null) return;
  const config = configOf(env);
  if (!config.webhookSecret) {
    throw new ApiError("invalid_request", "this server has no WEBHOOK_SECRET, so it cannot sign callbacks", {
      errors: [{ path: "callback_url", message: "webhooks are not configured" }],
    });
  }
  const refusal = config.callbackAllowPrivate ? null : callbackRefusal(url);
  if (refusal) throw new ApiError("invalid_request", `callback_url refused: ${refusal}`, { errors: [{ path: "callback_url", message: refusal }] });
}

export const createBatch = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const config = configOf(c.env);
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const query = c.req.valid("query");
  let submission: Submission;
  if (mediaType === NDJSON) {
    submission = {
      items: await readNdjson(c.req.raw, config.batchMaxBytes),
      defaults: { reality: query.reality, rubric: query.rubric, judge: query.judge, budget_usd: query.item_budget_usd },
      budgetUsd: query.budget_usd ?? null,
      callbackUrl: query.callback_url ?? null,
      metadata: null,
    };
  } else {
    if (Object.keys(query).length > 0) {
      throw new ApiError("invalid_request", "query parameters apply to NDJSON submissions; put them in the JSON body", {
        errors: Object.keys(query).map((name) => ({ path: name, message: "only with application/x-ndjson" })),
      });
    }
    const body = c.req.valid("json") as z.output<typeof BatchRequestSchema>;
    if (!body.items) throw new ApiError("invalid_request", "send a JSON body with items, or NDJSON");
    submission = {
      items: body.items,
      defaults: body.defaults ?? {},
      budgetUsd: body.budget_usd ?? null,
      callbackUrl: body.callback_url ?? null,
      metadata: body.metadata ?? null,
    };
  }
  const items = resolveItems(submission.items, submission.defaults);
  checkItems(c.env, items);
  checkCallback(c.env, submission.callbackUrl);
  const batchId = newBatchId();
  const created = await batchStub(c.env, c.get("tenant"), batchId).create({
    tenant: c.get("tenant"),
    batchId,
    items,
    budgetUsd: submission.budgetUsd,
    callbackUrl: submission.callbackUrl,
    metadata: submission.metadata,
    quota: quotaChargeFor(config, c.get("client")) ?? null,
  });
  return c.json(created, 202, { location: created.links.self });
});
