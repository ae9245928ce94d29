import { afterEach, describe, expect, it, vi } from "vitest";
import { subscribe } from "../../support/workers/socket.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { expectCommonHeaders, expectProblem, requestLogLines } from "../../support/workers/assertions.ts";

afterEach(() => vi.restoreAllMocks());

describe("security headers", () => {
  it("are on 200 JSON replies, open and /v1, with a CSP that allows nothing and no caching", async () => {
    for (const path of ["/health", "/v1/rubrics", "/openapi.json"]) {
      const reply = await call(path);
      await reply.arrayBuffer();
      expect({ path, status: reply.status, cache: reply.headers.get("cache-control") }).toEqual({ path, status: 200, cache: "no-store" });
      expectCommonHeaders(reply);
      expect(reply.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(reply.headers.get("content-security-policy")).not.toContain("script-src");
    }
  });

  it("are on 4xx replies and on the 404 of an unknown route", async () => {
    await expectProblem(await postJson("/v1/judgments", {}), 400, "invalid_request");
    await expectProblem(await call("/nowhere"), 404, "not_found");
    await expectProblem(await call(`/v1/judgments/${uniqueName("missing")}`), 404, "not_found");
  });

  it("let the docs page run its own same-origin scripts and nothing else", async () => {
    const reply = await call("/docs");
    const html = await reply.text();
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.length).toBeGreaterThan(0);
    expectCommonHeaders(reply);
    const csp = reply.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*('unsafe-inline'|'unsafe-eval'|\*|https?:)/);
  });

  it("leave a WebSocket upgrade working, with the request id on the 101", async () => {
    const cellId = uniqueName("headers-ws");
    const reply = await call(`/v1/cells/${cellId}/stream`, { headers: { upgrade: "websocket", "x-request-id": "ws-req-1" } });
    try {
      expect(reply.status).toBe(101);
      expect(reply.headers.get("x-request-id")).toBe("ws-req-1");
      expect(reply.headers.get("x-instance-id")).toMatch(/^i_/);
    } finally {
      reply.webSocket?.accept();
      reply.webSocket?.close(1000, "done");
    }
    const stream = await subscribe(cellId);
    try {
      const [snapshot] = await stream.until((frame) => frame.type === "snapshot");
      expect(snapshot).toMatchObject({ type: "snapshot", cell_id: cellId, status: "none" });
    } finally {
      stream.close();
    }
  });
});

describe("405 method not allowed", () => {
  it("names the allowed methods of a known path", async () => {
    const reply = await call(`/v1/judgments/${uniqueName("m")}`, { method: "DELETE" });
    expect(reply.headers.get("allow")).toBe("GET, HEAD");
    await expectProblem(reply, 405, "method_not_allowed");
    const collection = await call("/v1/judgments", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect(collection.headers.get("allow")).toBe("GET, HEAD, POST");
    await expectProblem(collection, 405, "method_not_allowed");
  });

  it("is checked before the body: a wrong method with a non-JSON body is 405, not 415", async () => {
    const reply = await call("/health", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
    expect(reply.headers.get("allow")).toBe("GET, HEAD");
    await expectProblem(reply, 405, "method_not_allowed");
  });

  it("answers HEAD on a GET route and 404 on unknown paths", async () => {
    const head = await call("/health", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    await expectProblem(await call("/v1/nothing-here", { method: "DELETE" }), 404, "not_found");
  });
});

describe("request ids, Server-Timing and the request log", () => {
  it("echoes a valid incoming X-Request-Id and replaces an invalid one", async () => {
    const valid = await call("/health", { headers: { "x-request-id": "client-req:42" } });
    await valid.arrayBuffer();
    expect(valid.headers.get("x-request-id")).toBe("client-req:42");
    const invalid = await call("/health", { headers: { "x-request-id": "bad id <script>" } });
    await invalid.arrayBuffer();
    expect(invalid.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const fresh = await call("/health");
    await fresh.arrayBuffer();
    expect(fresh.headers.get("x-request-id")).not.toBe(invalid.headers.get("x-request-id"));
  });

  it("sends Server-Timing with a total", async () => {
    const reply = await call("/v1/rubrics");
    await reply.arrayBuffer();
    expect(reply.headers.get("server-timing")).toMatch(/(^|, )total;dur=\d+(\.\d)?$/);
  });

  it("logs one JSON line per request with id, route, cell, status, code, duration and instance", async () => {
    const cellId = uniqueName("logged");
    let replyId: string | null = null;
    let instanceId: string | null = null;
    const lines = await requestLogLines(async () => {
      const reply = await call(`/v1/judgments/${cellId}`, { headers: { "x-request-id": `log-${cellId}` } });
      await reply.arrayBuffer();
      replyId = reply.headers.get("x-request-id");
      instanceId = reply.headers.get("x-instance-id");
    });
    const line = lines.find((entry) => entry.request_id === replyId);
    expect(line).toMatchObject({
      event: "request",
      request_id: `log-${cellId}`,
      method: "GET",
      path: `/v1/judgments/${cellId}`,
      route: "/v1/judgments/:cell_id",
      cell_id: cellId,
      status: 404,
      code: "not_found",
      instance_id: instanceId,
      client: "anonymous",
      tenant: "public",
    });
    expect(line?.duration_ms).toEqual(expect.any(Number));
    expect(lines.filter((entry) => entry.request_id === replyId)).toHaveLength(1);
  });

  it("logs a successful judgment with its status and no error code", async () => {
    const cellId = uniqueName("logged-ok");
    const lines = await requestLogLines(async () => {
      const reply = await postJson("/v1/judgments", { content: "function add(a, b) { return a + b }", cell_id: cellId });
      expect((await json(reply)).status).toBe("completed");
    });
    expect(lines.find((entry) => entry.method === "POST")).toMatchObject({ route: "/v1/judgments", status: 200, code: null });
  });
});
