/**
 * The requests whose real replies are the OpenAPI document's examples (src/openapi/examples.json):
 * scripts/docs-examples.ts sends them to a real local stack and records the replies, and
 * test/integration/docs-examples.test.ts sends them to the Worker and checks that it still answers so.
 */

/** The judgment request shown in the docs (and sent by Swagger UI's "Try it out"): no fixed cell_id. */
export const EXAMPLE_REQUEST = { content: "function add(a, b) { return a + b }", reality: "CODE" } as const;

export interface ExampleCall {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = (value: unknown): Pick<ExampleCall, "headers" | "body"> => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

/** The completed judgment: the example request, judged by the offline heuristic judge. */
export const COMPLETED_CALL: ExampleCall = { method: "POST", path: "/v1/judgments", ...json(EXAMPLE_REQUEST) };

/** A 202: the README's own request for a named cell, asked for asynchronously. */
export const ACCEPTED_CALL: ExampleCall = {
  method: "POST",
  path: "/v1/judgments",
  headers: { "content-type": "application/json", prefer: "respond-async" },
  body: JSON.stringify({ cell_id: "pr-1234:add.ts", reality: "CODE", content: "function add(a,b){return a+b}" }),
};

/** One call per problem code it shows; calls before the last prepare the state (e.g. a judged cell). */
export const PROBLEM_CALLS: Record<string, ExampleCall[]> = {
  invalid_request: [{ method: "POST", path: "/v1/judgments", ...json({ content: "" }) }],
  not_found: [{ method: "GET", path: "/v1/judgments/never-judged" }],
  cell_conflict: [
    { method: "POST", path: "/v1/judgments", ...json({ cell_id: "release-notes", content: "v1.2: faster judgments" }) },
    { method: "POST", path: "/v1/judgments", ...json({ cell_id: "release-notes", content: "v1.2: faster judgments, fewer bugs" }) },
  ],
  payload_too_large: [{ method: "POST", path: "/v1/judgments", ...json({ content: "x".repeat(65_537) }) }],
  unsupported_media_type: [{ method: "POST", path: "/v1/judgments", headers: { "content-type": "text/plain" }, body: "function add(a, b) { return a + b }" }],
};

/** A misconfigured server's environment, for the `misconfigured` example. */
export const MISCONFIGURED_ENV = { JUDGE_TIMEOUT_MS: "abc" } as const;

/** What changes from one run to the next and so is not compared: ids made at random, and clock times. */
export function comparableJudgment(judgment: Record<string, unknown>, options: { scoring?: boolean } = {}): Record<string, unknown> {
  const { judgment_id: _id, created_at: _created, completed_at: _completed, timing: _timing, ...rest } = judgment;
  if (!options.scoring) return rest;
  // A 202 is sent while scoring: how far it got is a matter of timing.
  const { status: _status, dimensions: _dimensions, ...stable } = rest;
  return stable;
}
