import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { problemResponse, toApiError } from "../../src/errors.ts";
import { requestTarget } from "../../src/middleware/request-target.ts";

const app = new Hono();
app.use("*", requestTarget());
app.get("*", (c) => c.text("ok"));
app.onError((error) => problemResponse(toApiError(error)));

async function detailOf(path: string): Promise<string> {
  const reply = await app.request(`http://api.test${path}`);
  return reply.status === 200 ? "ok" : ((await reply.json()) as { detail: string }).detail;
}

describe("requestTarget", () => {
  it("lets ordinary paths and queries through", async () => {
    expect(await detailOf("/v1/judgments/pr-1:a.b")).toBe("ok");
    expect(await detailOf("/v1/judgments?verdict=HOWL&limit=10&since=2026-01-01T00%3A00%3A00Z&cursor=a+b")).toBe("ok");
    expect(await detailOf(`/v1/${"a".repeat(1_000)}?x=${"b".repeat(2_000)}`)).toBe("ok");
  });

  it("rejects malformed percent-encoding and control characters in the path", async () => {
    expect(await detailOf("/v1/judgments/a%ZZ")).toBe("the path has invalid percent-encoding");
    expect(await detailOf("/v1/judgments/a%E0%A4")).toBe("the path has invalid percent-encoding");
    expect(await detailOf("/v1/judgments/a%0Ab")).toBe("the path contains control characters");
  });

  it("bounds the path, the query string and the number of parameters", async () => {
    expect(await detailOf(`/${"a".repeat(1_024)}`)).toBe("the path exceeds 1024 characters");
    expect(await detailOf(`/?x=${"b".repeat(2_047)}`)).toBe("the query string exceeds 2048 characters");
    expect(await detailOf(`/?${Array.from({ length: 17 }, (_, i) => `p${i}`).join("&")}`)).toBe("at most 16 query parameters are accepted");
  });

  it("rejects repeated parameters, also when spelled differently", async () => {
    expect(await detailOf("/?limit=1&limit=2")).toBe('query parameter "limit" is repeated');
    expect(await detailOf("/?a+b=1&a%20b=2")).toBe('query parameter "a b" is repeated');
    expect(await detailOf("/?x=%ZZ")).toBe("the query string has invalid percent-encoding");
    expect(await detailOf("/?x=%00")).toBe("the query string contains control characters");
  });
});
