import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, json, uniqueName } from "../../support/workers/http.ts";
import { expectNoJudgment, expectProblem } from "../../support/workers/assertions.ts";

/**
 * A corpus of hostile requests. Each must get the stated 4xx problem+json, leak nothing (no stack
 * trace, none of the canaries it carried, not the judge's API key) and store nothing: the cell the
 * request named has no judgment afterwards, and the rubric it named does not exist.
 */

interface Target {
  /** A fresh cell id the request names (in its body or path). */
  cell: string;
  /** A fresh custom rubric id the request names. */
  rubric: string;
}

interface HostileCase {
  name: string;
  request: (target: Target) => Request;
  status: number;
  code: string;
}

const CANARY = `canary-${crypto.randomUUID()}`;
/** Secrets a reply must never contain: the canary the requests carry, the test judge's API key. */
const SECRETS = [CANARY, "sk-test"];
const HEADERS = { authorization: `Bearer sk-live-${CANARY}`, cookie: `session=${CANARY}` };

const url = (path: string) => `http://api.test${path}`;
const get = (path: string, headers: Record<string, string> = {}) => new Request(url(path), { headers: { ...HEADERS, ...headers } });
const send = (method: string, path: string, body: BodyInit | null, contentType = "application/json") =>
  new Request(url(path), { method, body, headers: { ...HEADERS, ...(contentType ? { "content-type": contentType } : {}) } });
const postJudgment = (body: BodyInit, contentType?: string) => send("POST", "/v1/judgments", body, contentType);
/** A judgment request for the target's cell with `fields` added or overridden. */
const judgment = (target: Target, fields: Record<string, unknown>) =>
  postJudgment(JSON.stringify({ content: "function add(a, b) { return a + b }", cell_id: target.cell, ...fields }));
/** The same, spliced as raw JSON text (for what JSON.stringify cannot express). */
const rawJudgment = (target: Target, rawFields: string) =>
  postJudgment(`{"content":"x","cell_id":"${target.cell}",${rawFields}}`);
const rubric = (target: Target, fields: Record<string, unknown>) =>
  send("POST", "/v1/rubrics", JSON.stringify({ ...validRubric(target.rubric), ...fields }));
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const bytes = (prefix: string, raw: number[], suffix: string) =>
  new Uint8Array([...new TextEncoder().encode(prefix), ...raw, ...new TextEncoder().encode(suffix)]);

function validRubric(id: string) {
  return {
    id,
    axioms: [{ id: "CORRECTNESS", dimensions: [{ id: "TESTED", description: "Behaviour is covered by tests" }] }],
  };
}

function chunked(text: string, times: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(text);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < times) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

const BAD = { status: 400, code: "invalid_request" } as const;
const TOO_LARGE = { status: 413, code: "payload_too_large" } as const;
const MEDIA = { status: 415, code: "unsupported_media_type" } as const;
const METHOD = { status: 405, code: "method_not_allowed" } as const;

const CASES: HostileCase[] = [
  // Media type and size, checked before parsing.
  { name: "no content type", request: (t) => postJudgment(JSON.stringify({ content: "x", cell_id: t.cell }), ""), ...MEDIA },
  { name: "text/plain body", request: (t) => postJudgment(JSON.stringify({ content: "x", cell_id: t.cell }), "text/plain"), ...MEDIA },
  { name: "form-encoded body", request: (t) => postJudgment(`content=x&cell_id=${t.cell}`, "application/x-www-form-urlencoded"), ...MEDIA },
  { name: "multipart body", request: (t) => postJudgment(`--b\r\n\r\n{"content":"x","cell_id":"${t.cell}"}\r\n--b--`, "multipart/form-data; boundary=b"), ...MEDIA },
  { name: "JSON declared as latin1", request: (t) => postJudgment(JSON.stringify({ content: "x", cell_id: t.cell }), "application/json; charset=iso-8859-1"), ...MEDIA },
  { name: "JSON declared as UTF-16", request: (t) => postJudgment(JSON.stringify({ content: "x", cell_id: t.cell }), 'application/json; charset="utf-16"'), ...MEDIA },
  { name: "body far over the limit", request: (t) => judgment(t, { content: "x".repeat(400_000) }), ...TOO_LARGE },
  { name: "chunked body over the limit, no length", request: (t) => postJudgment(chunked(`{"cell_id":"${t.cell}","content":"${"x".repeat(16_384)}`, 40)), ...TOO_LARGE },
  { name: "content one byte over MAX_CONTENT_BYTES", request: (t) => judgment(t, { content: "x".repeat(65_537) }), ...TOO_LARGE },
  { name: "content over the limit in UTF-8 bytes, not characters", request: (t) => judgment(t, { content: "€".repeat(21_846) }), ...TOO_LARGE },

  // Bytes that are not UTF-8 or not JSON.
  { name: "empty body", request: () => postJudgment(""), ...BAD },
  { name: "malformed JSON", request: (t) => postJudgment(`{"content": "x", "cell_id": "${t.cell}"`), ...BAD },
  { name: "trailing garbage after JSON", request: (t) => postJudgment(`{"content":"x","cell_id":"${t.cell}"} tail`), ...BAD },
  { name: "JSON with a comment", request: (t) => postJudgment(`{"content":"x", /* hi */ "cell_id":"${t.cell}"}`), ...BAD },
  { name: "single-quoted JSON", request: (t) => postJudgment(`{'content':'x','cell_id':'${t.cell}'}`), ...BAD },
  { name: "invalid UTF-8 sequence", request: (t) => postJudgment(bytes(`{"cell_id":"${t.cell}","content":"`, [0xc3, 0x28], `"}`)), ...BAD },
  { name: "overlong UTF-8 encoding of '/'", request: (t) => postJudgment(bytes(`{"cell_id":"${t.cell}","content":"`, [0xc0, 0xaf], `"}`)), ...BAD },
  { name: "UTF-8-encoded surrogate", request: (t) => postJudgment(bytes(`{"cell_id":"${t.cell}","content":"`, [0xed, 0xa0, 0x80], `"}`)), ...BAD },
  { name: "lone surrogate escape in content", request: (t) => rawJudgment(t, `"context":"\\ud800"`), ...BAD },
  { name: "NUL character in content", request: (t) => rawJudgment(t, `"context":"a\\u0000b"`), ...BAD },

  // Shapes: top level, depth, width, prototype keys, numbers.
  { name: "top-level array", request: (t) => postJudgment(JSON.stringify([{ content: "x", cell_id: t.cell }])), ...BAD },
  { name: "top-level string", request: () => postJudgment(`"content"`), ...BAD },
  { name: "top-level null", request: () => postJudgment("null"), ...BAD },
  { name: "nesting 20 000 deep", request: (t) => rawJudgment(t, `"context":${nested(20_000)}`), ...BAD },
  { name: "nesting just past the bound", request: (t) => rawJudgment(t, `"context":${nested(8)}`), ...BAD },
  { name: "object with 1 000 members", request: (t) => rawJudgment(t, `"context":{${Array.from({ length: 1_000 }, (_, i) => `"k${i}":1`).join(",")}}`), ...BAD },
  { name: "array with 20 000 elements", request: (t) => rawJudgment(t, `"context":[${Array(20_000).fill("0").join(",")}]`), ...BAD },
  { name: "__proto__ key at the top", request: (t) => rawJudgment(t, `"__proto__":{"polluted":true}`), ...BAD },
  { name: "constructor.prototype keys", request: (t) => rawJudgment(t, `"constructor":{"prototype":{"polluted":true}}`), ...BAD },
  { name: "__proto__ nested in a rubric's reality weights", request: (t) => rubric(t, { reality_weights: JSON.parse(`{"CODE":{"__proto__":{"polluted":true}}}`) }), ...BAD },
  { name: "key of 200 characters", request: (t) => rawJudgment(t, `"${"k".repeat(200)}":1`), ...BAD },
  { name: "unknown field", request: (t) => judgment(t, { admin: true }), ...BAD },
  { name: "number overflowing to Infinity", request: (t) => rawJudgment(t, `"budget_usd":1e400`), ...BAD },

  // Field by field.
  { name: "content missing", request: (t) => postJudgment(JSON.stringify({ cell_id: t.cell })), ...BAD },
  { name: "content empty", request: (t) => judgment(t, { content: "" }), ...BAD },
  { name: "content a number", request: (t) => judgment(t, { content: 42 }), ...BAD },
  { name: "content null", request: (t) => judgment(t, { content: null }), ...BAD },
  { name: "content an array", request: (t) => judgment(t, { content: ["x"] }), ...BAD },
  { name: "content an object", request: (t) => judgment(t, { content: { toString: "x" } }), ...BAD },
  { name: "cell id with a space", request: (t) => judgment(t, { cell_id: `${t.cell} x` }), ...BAD },
  { name: "cell id of 129 characters", request: (t) => judgment(t, { cell_id: `${t.cell}${"a".repeat(129 - t.cell.length)}` }), ...BAD },
  { name: "cell id empty", request: (t) => judgment(t, { cell_id: "", context: t.cell }), ...BAD },
  { name: "cell id with a look-alike Cyrillic letter", request: (t) => judgment(t, { cell_id: `${t.cell}\u0435` }), ...BAD },
  { name: "cell id with a path traversal", request: (t) => judgment(t, { cell_id: `../${t.cell}` }), ...BAD },
  { name: "cell id with a newline (log injection)", request: (t) => judgment(t, { cell_id: `${t.cell}\n{"event":"fake"}` }), ...BAD },
  { name: "cell id a number", request: (t) => judgment(t, { cell_id: 12345, context: t.cell }), ...BAD },
  { name: "context over 16 384 bytes", request: (t) => judgment(t, { context: "é".repeat(8_193) }), ...BAD },
  { name: "context an object", request: (t) => judgment(t, { context: { role: "system" } }), ...BAD },
  { name: "reality not in the enum", request: (t) => judgment(t, { reality: "MOON" }), ...BAD },
  { name: "reality in lower case", request: (t) => judgment(t, { reality: "code" }), ...BAD },
  { name: "rubric with path characters", request: (t) => judgment(t, { rubric: "../../etc/passwd" }), ...BAD },
  { name: "rubric that does not exist", request: (t) => judgment(t, { rubric: t.rubric }), ...BAD },
  { name: "rubric version beyond any integer", request: (t) => judgment(t, { rubric: "cynic-36@99999999999999999999" }), ...BAD },
  { name: "judge profile that does not exist", request: (t) => judgment(t, { judge: "root" }), ...BAD },
  { name: "judge profile with invalid characters", request: (t) => judgment(t, { judge: "Default;DROP" }), ...BAD },
  { name: "budget negative", request: (t) => judgment(t, { budget_usd: -1 }), ...BAD },
  { name: "budget a string", request: (t) => judgment(t, { budget_usd: "1" }), ...BAD },
  { name: "budget above the bound", request: (t) => judgment(t, { budget_usd: 1e7 }), ...BAD },
  { name: "budget a boolean", request: (t) => judgment(t, { budget_usd: true }), ...BAD },

  // Custom rubrics.
  { name: "rubric with 13 axioms", request: (t) => rubric(t, { axioms: Array.from({ length: 13 }, (_, i) => ({ id: `A${i}`, dimensions: [{ id: `D${i}`, description: "d" }] })) }), ...BAD },
  { name: "rubric with a zero weight", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: [{ id: "D", description: "d", weight: 0 }] }] }), ...BAD },
  { name: "rubric with a huge weight", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: [{ id: "D", description: "d", weight: 1e308 }] }] }), ...BAD },
  { name: "rubric with a threshold above 100", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: [{ id: "D", description: "d", threshold: 101 }] }] }), ...BAD },
  { name: "rubric with duplicate ids", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: [{ id: "A", description: "d" }] }] }), ...BAD },
  { name: "rubric with 300 dimensions in one axiom", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: Array.from({ length: 300 }, (_, i) => ({ id: `D${i}`, description: "d" })) }] }), ...BAD },
  { name: "rubric with a 1 001-character description", request: (t) => rubric(t, { axioms: [{ id: "A", dimensions: [{ id: "D", description: "d".repeat(1_001) }] }] }), ...BAD },
  { name: "rubric weighting an axiom it lacks", request: (t) => rubric(t, { reality_weights: { CODE: { NOPE: 2 } } }), ...BAD },
  { name: "rubric replacing a built-in", request: (t) => send("POST", "/v1/rubrics", JSON.stringify({ ...validRubric("cynic-36"), description: t.rubric })), ...BAD },

  // Query strings.
  { name: "limit far above 200", request: () => get("/v1/judgments?limit=100000"), ...BAD },
  { name: "limit negative", request: () => get("/v1/judgments?limit=-1"), ...BAD },
  { name: "limit not a number", request: () => get("/v1/judgments?limit=abc"), ...BAD },
  { name: "limit repeated", request: () => get("/v1/judgments?limit=1&limit=2"), ...BAD },
  { name: "invalid percent-encoding in the query", request: () => get("/v1/judgments?verdict=%ZZ"), ...BAD },
  { name: "NUL in the query", request: () => get("/v1/judgments?verdict=HOWL%00"), ...BAD },
  { name: "query string of 5 000 characters", request: () => get(`/v1/judgments?cursor=${"a".repeat(5_000)}`), ...BAD },
  { name: "20 query parameters", request: () => get(`/v1/judgments?${Array.from({ length: 20 }, (_, i) => `p${i}=1`).join("&")}`), ...BAD },
  { name: "unknown query parameter", request: () => get("/v1/judgments?admin=1"), ...BAD },
  { name: "since not a date", request: () => get("/v1/judgments?since=yesterday"), ...BAD },
  { name: "cursor not one the API made", request: () => get("/v1/judgments?cursor=eyJhIjoxfQ"), ...BAD },
  { name: "verdict in lower case", request: () => get("/v1/judgments?verdict=howl"), ...BAD },
  { name: "query on a write", request: (t) => send("POST", "/v1/judgments?x=%E0%A4%A", JSON.stringify({ content: "x", cell_id: t.cell })), ...BAD },

  // Paths.
  { name: "invalid percent-encoding in the path", request: (t) => get(`/v1/judgments/${t.cell}%ZZ`), ...BAD },
  { name: "NUL in the path", request: (t) => get(`/v1/judgments/${t.cell}%00`), ...BAD },
  { name: "path of 3 000 characters", request: (t) => get(`/v1/judgments/${t.cell}${"a".repeat(3_000)}`), ...BAD },
  { name: "cell id in the path over 128 characters", request: (t) => get(`/v1/judgments/${t.cell}${"a".repeat(129)}`), ...BAD },
  { name: "encoded space in a path cell id", request: (t) => get(`/v1/judgments/${t.cell}%20x`), ...BAD },
  { name: "encoded traversal in a rubric ref", request: () => get("/v1/rubrics/..%2F..%2Fetc"), ...BAD },
  { name: "rubric ref in upper case", request: () => get("/v1/rubrics/CYNIC-36"), ...BAD },
  { name: "stream of an invalid cell id", request: (t) => get(`/v1/cells/${t.cell}%20x/stream`, { upgrade: "websocket" }), ...BAD },
  { name: "stream without Upgrade", request: (t) => get(`/v1/cells/${t.cell}/stream`), ...BAD },

  // Methods.
  { name: "DELETE a judgment", request: (t) => new Request(url(`/v1/judgments/${t.cell}`), { method: "DELETE", headers: HEADERS }), ...METHOD },
  { name: "PUT the judgments collection", request: (t) => send("PUT", "/v1/judgments", JSON.stringify({ content: "x", cell_id: t.cell })), ...METHOD },
  { name: "POST to a judgment", request: (t) => send("POST", `/v1/judgments/${t.cell}`, JSON.stringify({ content: "x", cell_id: t.cell })), ...METHOD },
  { name: "PATCH a rubric", request: (t) => send("PATCH", `/v1/rubrics/${t.rubric}`, JSON.stringify(validRubric(t.rubric))), ...METHOD },
];

describe("hostile input", () => {
  beforeAll(async () => {
    await (await call("/health")).arrayBuffer();
  });

  it("has at least 50 distinct cases", () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)("$name → $status $code, nothing stored", async ({ request, status, code }) => {
    const target = { cell: uniqueName("hostile"), rubric: uniqueName("hostile").toLowerCase() };
    const reply = await exports.default.fetch(request(target));
    await expectProblem(reply, status, code, SECRETS);
    await expectNoJudgment(target.cell);
    const rubricReply = await call(`/v1/rubrics/${target.rubric}`);
    expect({ status: rubricReply.status, body: await json(rubricReply) }).toMatchObject({ status: 404, body: { code: "not_found" } });
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
