import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { configOf, judgeChoice } from "../config.ts";
import { ApiError } from "../errors.ts";
import { jsonText } from "../http/json-text.ts";
import { evaluationStub } from "../objects/evaluation.ts";
import { resolveRubric } from "../rubrics/registry.ts";
import { EvaluationRequestSchema, EvaluationSchema, type Evaluation } from "../schemas/evaluation.ts";
import { CellIdSchema } from "../schemas/judgment.ts";
import { problemResponses } from "../schemas/problem.ts";
import { exceedsUtf8Bytes } from "../http/utf8-length.ts";

const createRoute_ = createRoute({
  method: "post",
  path: "/v1/evaluations",
  tags: ["evaluations"],
  operationId: "createEvaluation",
  summary: "Evaluate a judge against labelled items",
  description:
    "Each item is judged as an ordinary cell (a pair as a comparison), so a re-run or content judged before costs " +
    "nothing. Answers 202 at once; poll `GET /v1/evaluations/{evaluation_id}` for progress and, when completed, " +
    "the report: agreement with the labels next to a length baseline.",
  request: { body: { required: true, content: { "application/json": { schema: EvaluationRequestSchema } } } },
  responses: {
    202: {
      description: "Accepted: the items are being judged",
      headers: { Location: { description: "The evaluation: `/v1/evaluations/{evaluation_id}`.", schema: { type: "string" } } },
      content: { "application/json": { schema: EvaluationSchema } },
    },
    ...problemResponses("invalid_request", "unauthorized", "payload_too_large", "unsupported_media_type", "rate_limited"),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/evaluations/{evaluation_id}",
  tags: ["evaluations"],
  operationId: "getEvaluation",
  summary: "An evaluation's progress, and its report once completed",
  request: { params: z.object({ evaluation_id: CellIdSchema }) },
  responses: {
    200: { description: "The evaluation", content: { "application/json": { schema: EvaluationSchema } } },
    ...problemResponses("invalid_request", "unauthorized", "not_found", "rate_limited"),
  },
});


export const evaluations = new OpenAPIHono<{ Bindings: Env }>()
  .openapi(createRoute_, async (c) => {
    const config = configOf(c.env);
    const request = c.req.valid("json");
    // A panel judges an evaluation as it judges a batch item: the evaluation runs as a batch.
    if (!judgeChoice(config, request.judge)) {
      throw new ApiError("invalid_request", `unknown judge profile "${request.judge}"`, { errors: [{ path: "judge", message: "unknown judge profile" }] });
    }
    const tenant = c.get("tenant");
    await resolveRubric(c.env, tenant, request.rubric);
    request.items.forEach((item, index) => {
      for (const text of "a" in item ? [item.a, item.b] : [item.content]) {
        if (exceedsUtf8Bytes(text, config.maxContentBytes)) throw new ApiError("payload_too_large", `items[${index}] exceeds ${config.maxContentBytes} bytes`);
      }
    });
    const evaluationId = `ev_${crypto.randomUUID().replaceAll("-", "")}`;
    const text = await evaluationStub(c.env, tenant, evaluationId).start({ tenant, evaluationId, request, createdAt: Date.now() });
    return jsonText<Evaluation, 202>(c, text, 202, { location: `/v1/evaluations/${evaluationId}` });
  })
  .openapi(getRoute, async (c) => {
    const { evaluation_id: id } = c.req.valid("param");
    const text = await evaluationStub(c.env, c.get("tenant"), id).read();
    if (text === null) throw new ApiError("not_found", `no evaluation ${id}`);
    return jsonText<Evaluation, 200>(c, text, 200);
  });
