import { describe, expect, it } from "vitest";
import { call, json, postJson } from "../support/workers/http.ts";

async function expectProblem(reply: Response, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(reply.headers.get("x-instance-id")).toMatch(/^i_/);
  const problem = await json(reply);
  expect(problem).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(typeof problem.title).toBe("string");
  expect(typeof problem.detail).toBe("string");
  expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return problem;
}

describe("bad input gets a 4xx problem+json", () => {
  it("rejects a missing content field with the field named", async () => {
    const problem = await expectProblem(await postJson("/v1/judgments", {}), 400, "invalid_request");
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "content" })]));
  });

  it("rejects malformed JSON", async () => {
    await expectProblem(await postJson("/v1/judgments", "{not json"), 400, "invalid_request");
  });

  it("rejects a body that is not JSON with 415", async () => {
    const reply = await call("/v1/judgments", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    await expectProblem(reply, 415, "unsupported_media_type");
  });

  it("rejects content over MAX_CONTENT_BYTES with 413", async () => {
    await expectProblem(await postJson("/v1/judgments", { content: "x".repeat(65_537) }), 413, "payload_too_large");
  });

  it("rejects an invalid cell id, reality, unknown field and unknown rubric", async () => {
    await expectProblem(await postJson("/v1/judgments", { content: "a", cell_id: "bad id!" }), 400, "invalid_request");
    await expectProblem(await postJson("/v1/judgments", { content: "a", reality: "MOON" }), 400, "invalid_request");
    await expectProblem(await postJson("/v1/judgments", { content: "a", extra: 1 }), 400, "invalid_request");
    await expectProblem(await postJson("/v1/judgments", { content: "a", rubric: "nope" }), 400, "invalid_request");
    await expectProblem(await postJson("/v1/judgments", { content: "a", rubric: "cynic-36@9" }), 400, "invalid_request");
  });

  it("answers unknown routes with a problem+json 404", async () => {
    await expectProblem(await call("/nowhere"), 404, "not_found");
  });
});
