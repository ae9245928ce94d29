import { describe, expect, it } from "vitest";
import { RouteTable } from "../../src/middleware/route-table.ts";

const routes = new RouteTable(() => [
  { method: "ALL", path: "*" },
  { method: "ALL", path: "/v1/*" },
  { method: "POST", path: "/v1/judgments" },
  { method: "GET", path: "/v1/judgments" },
  { method: "GET", path: "/v1/judgments/:cell_id" },
  { method: "GET", path: "/v1/cells/:cell_id/stream" },
  { method: "GET", path: "/docs/:file" },
]);

describe("RouteTable", () => {
  it("groups methods by path, adds HEAD to GET and ignores middleware", () => {
    const [collection] = routes.matching("/v1/judgments");
    expect([...collection!.methods].sort()).toEqual(["GET", "HEAD", "POST"]);
    expect(routes.matching("/v1/unknown")).toEqual([]);
  });

  it("extracts parameters, one segment each", () => {
    expect(routes.matching("/v1/cells/pr-1:a.b/stream")[0]?.params).toEqual({ cell_id: "pr-1:a.b" });
    expect(routes.matching("/v1/judgments/a/b")).toEqual([]);
    expect(routes.matching("/docs/swagger-ui.css")[0]).toMatchObject({ path: "/docs/:file", params: { file: "swagger-ui.css" } });
  });

  it("treats route paths as literals, not regular expressions", () => {
    const dotted = new RouteTable(() => [{ method: "GET", path: "/openapi.json" }]);
    expect(dotted.matching("/openapi.json")).toHaveLength(1);
    expect(dotted.matching("/openapiXjson")).toEqual([]);
  });
});
