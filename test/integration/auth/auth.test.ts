import { beforeAll, describe, expect, it } from "vitest";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { expectCommonHeaders, expectNoJudgment, expectProblem, requestLogLines } from "../../support/workers/assertions.ts";
import { TEST_KEYS } from "./keys.ts";
import type { RubricList } from "../../../src/schemas/rubric.ts";

/** Runs in the `workers-auth` project, where API_KEYS holds the digests of TEST_KEYS. */

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const CONTENT = "function add(a, b) { return a + b }";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function expectUnauthorized(reply: Response, challenge: RegExp, secrets: string[] = []) {
  expect(reply.headers.get("www-authenticate")).toMatch(challenge);
  await expectProblem(reply, 401, "unauthorized", secrets);
}

describe("API keys", () => {
  beforeAll(async () => {
    await (await call("/health")).arrayBuffer();
  });

  it("keeps /health, /openapi.json and /docs open", async () => {
    for (const path of ["/health", "/openapi.json", "/docs"]) {
      const reply = await call(path);
      await reply.arrayBuffer();
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      expectCommonHeaders(reply);
    }
  });

  it("refuses every /v1 route without Authorization, with a Bearer challenge", async () => {
    const cellId = uniqueName("auth-missing");
    const requests: [string, RequestInit][] = [
      ["/v1/judgments", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: CONTENT, cell_id: cellId }) }],
      [`/v1/judgments/${cellId}`, {}],
      ["/v1/judgments", {}],
      ["/v1/rubrics", {}],
      ["/v1/rubrics/cynic-36", {}],
      [`/v1/cells/${cellId}/stream`, { headers: { upgrade: "websocket" } }],
      ["/v1/unknown", {}],
      ["/v1", {}],
      ["/%761/rubrics", {}],
    ];
    for (const [path, init] of requests) {
      await expectUnauthorized(await call(path, init), /^Bearer realm="judgment-api"$/);
    }
    await expectNoJudgment(cellId, bearer(TEST_KEYS.routes));
  });

  it("refuses a malformed Authorization header", async () => {
    const malformed = [
      `Basic ${btoa(`user:${TEST_KEYS.wrongKeys}`)}`,
      `Bearer`,
      `Bearer ${TEST_KEYS.wrongKeys} extra`,
      `Bearer ${"k".repeat(600)}`,
      `Token ${TEST_KEYS.wrongKeys}`,
      TEST_KEYS.wrongKeys,
    ];
    for (const authorization of malformed) {
      const reply = await call("/v1/rubrics", { headers: { authorization } });
      await expectUnauthorized(reply, /^Bearer realm="judgment-api", error="invalid_token"$/, [TEST_KEYS.wrongKeys]);
    }
  });

  it("refuses wrong keys without echoing them, including the digest itself and a near miss", async () => {
    const digest = await sha256Hex(TEST_KEYS.wrongKeys);
    const wrong = [
      `${TEST_KEYS.wrongKeys}x`,
      TEST_KEYS.wrongKeys.slice(0, -1),
      TEST_KEYS.wrongKeys.toUpperCase(),
      digest,
      "wrong-key-of-another-deployment",
    ];
    for (const key of wrong) {
      const reply = await call("/v1/rubrics", { headers: bearer(key) });
      await expectUnauthorized(reply, /error="invalid_token"/, [key, digest]);
    }
    const cellId = uniqueName("auth-wrong");
    const write = await postJson("/v1/judgments", { content: CONTENT, cell_id: cellId }, bearer(`${TEST_KEYS.wrongKeys}x`));
    await expectUnauthorized(write, /error="invalid_token"/);
    await expectNoJudgment(cellId, bearer(TEST_KEYS.routes));
  });

  it("accepts a right key on every /v1 route, with the scheme in any case", async () => {
    const cellId = uniqueName("auth-ok");
    const created = await postJson("/v1/judgments", { content: CONTENT, cell_id: cellId }, bearer(TEST_KEYS.routes));
    expect(await json(created)).toMatchObject({ cell_id: cellId, status: "completed" });
    const read = await call(`/v1/judgments/${cellId}`, { headers: { authorization: `bearer ${TEST_KEYS.routes}` } });
    expect(await json(read)).toMatchObject({ cell_id: cellId, cached: true });
    const rubrics = await call("/v1/rubrics", { headers: { authorization: `BEARER   ${TEST_KEYS.routes}` } });
    expect((await json<RubricList>(rubrics)).items.length).toBeGreaterThan(0);
    const stream = await call(`/v1/cells/${cellId}/stream`, { headers: { upgrade: "websocket", ...bearer(TEST_KEYS.routes) } });
    try {
      expect(stream.status).toBe(101);
    } finally {
      stream.webSocket?.accept();
      stream.webSocket?.close(1000, "done");
    }
  });

  it("accepts every configured key, so keys can be rotated without downtime", async () => {
    for (const key of [TEST_KEYS.rotation, TEST_KEYS.rotationNext]) {
      const reply = await call("/v1/rubrics/cynic-36", { headers: bearer(key) });
      expect(await json(reply)).toMatchObject({ id: "cynic-36", built_in: true });
    }
  });

  it("answers an unknown /v1 path 404 once authenticated", async () => {
    await expectProblem(await call("/v1/unknown", { headers: bearer(TEST_KEYS.routes) }), 404, "not_found");
  });

  it("logs the caller as a prefix of its key's digest and its tenant, never the key", async () => {
    const digest = await sha256Hex(TEST_KEYS.routes);
    const lines = await requestLogLines(async () => {
      await (await call("/v1/rubrics", { headers: { ...bearer(TEST_KEYS.routes), "x-request-id": "auth-log-1" } })).arrayBuffer();
      await (await call("/v1/rubrics", { headers: { ...bearer("not-a-configured-key"), "x-request-id": "auth-log-2" } })).arrayBuffer();
    });
    // A key listed without a tenant name is a tenant of its own, named after its digest.
    expect(lines.find((entry) => entry.request_id === "auth-log-1")).toMatchObject({ client: `key:${digest.slice(0, 12)}`, tenant: `k_${digest.slice(0, 16)}`, status: 200 });
    expect(lines.find((entry) => entry.request_id === "auth-log-2")).toMatchObject({ client: "anonymous", tenant: null, status: 401 });
    expect(JSON.stringify(lines)).not.toContain(TEST_KEYS.routes);
  });
});
