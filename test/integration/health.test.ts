import { describe, expect, it } from "vitest";
import { call, json, postJson } from "../support/workers/http.ts";

describe("GET /health", () => {
  it("reports version, instance, storage and the judge, with X-Instance-Id", async () => {
    const reply = await call("/health");
    expect(reply.status).toBe(200);
    const health = await json(reply);
    expect(health).toMatchObject({ status: "ok", storage: "ok", provider: "heuristic", outbox_pending: 0 });
    expect(health.instance_id).toBe(reply.headers.get("x-instance-id"));
    expect(typeof health.version).toBe("string");
    expect(typeof health.judgments_unique).toBe("number");
  });
});
