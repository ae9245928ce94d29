import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { ERROR_CODES, type ErrorCode } from "../../src/errors.ts";
import { call, postJson } from "../support/workers/http.ts";

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  parameters?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string }; examples?: Record<string, { value: { code: string; status: number } }> }> }>;
}
type Document = Record<string, any> & { paths: Record<string, Record<string, Operation>> };

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of the document with its path and method. */
function operations(document: Document) {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** The error responses of an operation: status and the problem codes its examples name. */
function errorResponses(operation: Operation) {
  return Object.entries(operation.responses)
    .filter(([status]) => Number(status) >= 400)
    .map(([status, response]) => ({ status: Number(status), response, codes: Object.keys(response.content?.["application/problem+json"]?.examples ?? {}) }));
}

/** Every `$ref` anywhere in `value`. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)));
}

let document: Document;
beforeAll(async () => {
  const reply = await call("/openapi.json");
  expect(reply.status).toBe(200);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  document = JSON.parse(await reply.text()) as Document;
});

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document of this API whose references all resolve", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Edge judgment API", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.replace(/^#\//, "").split("/").reduce<any>((node, key) => node?.[key], document);
      expect(target, ref).toBeTypeOf("object");
    }
  });

  it("documents every route the app serves, and nothing else", () => {
    const served = createApp()
      .routes.filter((route) => route.method !== "ALL")
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = operations(document).map(({ method, path }) => `${method} ${path}`);
    expect(new Set(documented)).toEqual(new Set(served));
    expect(documented).toEqual(expect.arrayContaining(["post /v1/judgments", "get /v1/cells/{cell_id}/stream", "get /openapi.json", "get /docs"]));
    for (const { operation, path } of operations(document)) expect(operation.summary, path).toBeTruthy();
  });

  it("documents every error as problem+json with example codes of the right status, and 500 internal everywhere", () => {
    for (const { path, method, operation } of operations(document)) {
      const errors = errorResponses(operation);
      expect(errors.find((error) => error.status === 500)?.codes, `${method} ${path}`).toEqual(["internal"]);
      for (const { status, response, codes } of errors) {
        expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(["application/problem+json"]);
        expect(response.content!["application/problem+json"]!.schema).toEqual({ $ref: "#/components/schemas/Problem" });
        expect(codes.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
        for (const code of codes) expect(ERROR_CODES[code as ErrorCode]?.status, `${method} ${path} ${code}`).toBe(status);
      }
    }
  });

  it("names every error code the API can send", () => {
    const documented = new Set(operations(document).flatMap(({ operation }) => errorResponses(operation).flatMap((error) => error.codes)));
    const perOperation = Object.keys(ERROR_CODES).filter((code) => code !== "method_not_allowed");
    expect([...documented].sort()).toEqual(perOperation.sort());
    // 405 answers a method a path does not have, so it belongs to no operation: the overview names it.
    expect(document.info.description).toContain("method_not_allowed");
  });

  it("documents what the /v1 middleware adds: bearer auth, 401, 429 with Retry-After, and body limits", () => {
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const { path, method, operation } of operations(document)) {
      const statuses = errorResponses(operation).map((error) => error.status);
      if (!path.startsWith("/v1/")) {
        expect(operation.security, `${method} ${path}`).toEqual([]);
        continue;
      }
      expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining([401, 429]));
      expect((operation.responses["429"] as { headers?: object }).headers, `${method} ${path}`).toHaveProperty("Retry-After");
      if (operation.requestBody) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining([400, 413, 415]));
      if (operation.parameters?.length) expect(statuses, `${method} ${path}`).toContain(400);
    }
  });

  it("carries descriptions and examples for a first call", () => {
    const create = document.paths["/v1/judgments"]!.post!;
    expect(create.requestBody).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/JudgmentRequest" } } } });
    const request = document.components.schemas.JudgmentRequest;
    expect(request.example).toMatchObject({ content: expect.any(String) });
    expect(request.properties.content.description).toBeTruthy();
    const judgment = document.components.schemas.Judgment;
    for (const field of ["q_score", "verdict", "confidence", "axioms", "cached"]) {
      expect(judgment.properties[field].description, field).toBeTruthy();
    }
    expect(create.responses["202"]).toHaveProperty("headers.Location");
  });

  it("has examples that work when tried", async () => {
    const { example } = document.components.schemas.JudgmentRequest;
    // No fixed cell_id: trying it twice, or after the README's requests, never conflicts.
    expect(example).not.toHaveProperty("cell_id");
    for (let attempt = 0; attempt < 2; attempt++) {
      const judged = await postJson("/v1/judgments", example);
      expect(judged.status).toBe(200);
      await judged.arrayBuffer();
    }
    const parameters = operations(document).flatMap(({ path, operation }) =>
      ((operation.parameters ?? []) as { in: string; name: string; schema: { example?: string; pattern?: string } }[])
        .filter((parameter) => parameter.in === "path" && parameter.schema.example !== undefined)
        .map((parameter) => ({ path, name: parameter.name, ...parameter.schema })),
    );
    expect(parameters.map(({ path }) => path)).toEqual(expect.arrayContaining(["/v1/judgments/{cell_id}", "/v1/rubrics/{ref}", "/docs/{file}"]));
    for (const { path, example, pattern } of parameters) {
      if (pattern) expect(new RegExp(pattern).test(example!), `${path}: ${example}`).toBe(true);
    }
    for (const { path, name, example } of parameters.filter(({ path }) => path === "/v1/rubrics/{ref}" || path === "/docs/{file}")) {
      const reply = await call(path.replace(`{${name}}`, example!));
      expect(reply.status, `${path} with ${example}`).toBe(200);
      await reply.arrayBuffer();
    }
  });
});
