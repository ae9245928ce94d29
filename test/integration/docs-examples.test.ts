import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ACCEPTED_CALL, COMPLETED_CALL, comparableJudgment, MISCONFIGURED_ENV, PROBLEM_CALLS, type ExampleCall } from "../../scripts/docs-examples/requests.ts";
import { createApp } from "../../src/app.ts";
import worker from "../../src/index.ts";
import { EXAMPLES } from "../../src/openapi/examples.ts";
import { JudgmentSchema } from "../../src/schemas/judgment.ts";
import { ProblemSchema } from "../../src/schemas/problem.ts";
import { call } from "../support/workers/http.ts";

/**
 * The OpenAPI examples (src/openapi/examples.json) are what the Worker really answers: each recorded
 * request is sent again and its reply compared, leaving out only random ids and clock times. When this
 * fails after a deliberate change, `npm run docs:examples` records the new replies.
 */
const send = (example: ExampleCall) =>
  call(example.path, { method: example.method, headers: example.headers ?? {}, ...(example.body ? { body: example.body } : {}) });

describe("the docs' examples", () => {
  it("the completed judgment is the one the offline judge gives the example request", async () => {
    expect(EXAMPLES.request).not.toHaveProperty("cell_id");
    const reply = await send(COMPLETED_CALL);
    expect(reply.status).toBe(200);
    const judgment = (await reply.json()) as Record<string, unknown>;
    expect(comparableJudgment(judgment)).toEqual(comparableJudgment(EXAMPLES.completed));
    expect(JudgmentSchema.parse(EXAMPLES.completed)).toEqual(EXAMPLES.completed);
    expect(EXAMPLES.completed).toMatchObject({ status: "completed", cached: false, judge: { provider: "heuristic" } });
  });

  it("the 202 and its Location and Link headers are what the Worker sends", async () => {
    const reply = await send(ACCEPTED_CALL);
    expect(reply.status).toBe(202);
    expect(reply.headers.get("location")).toBe(EXAMPLES.accepted.location);
    expect(reply.headers.get("link")).toBe(EXAMPLES.accepted.link);
    const body = (await reply.json()) as Record<string, unknown>;
    expect(comparableJudgment(body, { scoring: true })).toEqual(comparableJudgment(EXAMPLES.accepted.body, { scoring: true }));
    expect(JudgmentSchema.parse(EXAMPLES.accepted.body)).toEqual(EXAMPLES.accepted.body);
  });

  it("each recorded problem is the Worker's reply to its request", async () => {
    for (const [code, calls] of Object.entries(PROBLEM_CALLS)) {
      let body: unknown;
      for (const example of calls) body = await (await send(example)).json();
      expect(body, code).toEqual(EXAMPLES.problems[code]);
      expect(ProblemSchema.parse(body)).toEqual(body);
    }
  });

  it("the misconfigured problem is what a misconfigured Worker answers", async () => {
    const reply = await worker.fetch(new Request("http://api.test/health") as Request<unknown, IncomingRequestCfProperties>, { ...env, ...MISCONFIGURED_ENV } as Env, createExecutionContext());
    expect(await reply.json()).toEqual(EXAMPLES.problems.misconfigured);
  });

  it("the OpenAPI document shows them whole", () => {
    const document = createApp().getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } }) as Record<string, any>;
    expect(document.components.schemas.JudgmentRequest.example).toEqual(EXAMPLES.request);
    expect(document.components.schemas.Judgment.example).toEqual(EXAMPLES.completed);
    const accepted = document.paths["/v1/judgments"].post.responses["202"];
    expect(accepted.content["application/json"].example).toEqual(EXAMPLES.accepted.body);
    expect(accepted.headers.Location.example).toBe(EXAMPLES.accepted.location);
    const notFound = document.paths["/v1/judgments/{cell_id}"].get.responses["404"];
    expect(notFound.content["application/problem+json"].examples.not_found.value).toEqual(EXAMPLES.problems.not_found);
  });
});
