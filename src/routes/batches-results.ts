import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { csvHeader, csvRow } from "../batches/csv.ts";
import { batchStub } from "../objects/batch.ts";
import { ApiError } from "../errors.ts";
import { BatchIdSchema, BatchResultLineSchema, ItemStatusSchema, type BatchResultLine, type ItemStatus } from "../schemas/batch.ts";
import { problemResponses } from "../schemas/problem.ts";

/** Lines fetched from the batch's object per round trip while streaming. */
const PAGE_SIZE = 200;

const route = createRoute({
  method: "get",
  path: "/v1/batches/{batch_id}/results",
  operationId: "getBatchResults",
  tags: ["batches"],
  summary: "A batch's results, one line per item, in item order",
  description:
    "NDJSON (`application/x-ndjson`): `{index, cell_id, status, judgment?|error?}` per line, streamed. " +
    "With `Accept: text/csv`, CSV with the headline figures. `?status=` keeps one status. Items still " +
    "running are `pending`.",
  request: { params: z.object({ batch_id: BatchIdSchema }), query: z.strictObject({ status: ItemStatusSchema.optional() }) },
  responses: {
    200: {
      description: "The results",
      content: {
        "application/x-ndjson": { schema: BatchResultLineSchema },
        "text/csv": { schema: z.string() },
      },
    },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited"),
  },
});

/** Whether the client asked for CSV over NDJSON (a plain media-range check; no q-value ranking). */
const wantsCsv = (accept: string | undefined) => /(^|,)\s*text\/csv\b/i.test(accept ?? "");

export const getBatchResults = new OpenAPIHono<{ Bindings: Env }>().openapi(route, async (c) => {
  const { batch_id: batchId } = c.req.valid("param");
  const status: ItemStatus | null = c.req.valid("query").status ?? null;
  const stub = batchStub(c.env, c.get("tenant"), batchId);
  const first = await stub.results(-1, PAGE_SIZE, status);
  if (!first) throw new ApiError("not_found", `no batch ${batchId}`);
  const csv = wantsCsv(c.req.header("accept"));
  const encoder = new TextEncoder();
  const format = (lines: string[]) =>
    csv ? lines.map((line) => csvRow(JSON.parse(line) as BatchResultLine)).join("") : lines.map((line) => `${line}\n`).join("");
  let page: { lines: string[]; last: number } = first;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode((csv ? csvHeader() : "") + format(page.lines)));
        if (page.lines.length < PAGE_SIZE) controller.close();
        return;
      }
      page = (await stub.results(page.last, PAGE_SIZE, status)) ?? { lines: [], last: page.last };
      if (page.lines.length) controller.enqueue(encoder.encode(format(page.lines)));
      if (page.lines.length < PAGE_SIZE) controller.close();
    },
  });
  const contentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
  return c.body(body, 200, { "content-type": contentType, vary: "accept" }) as never;
});
