import { describe, expect, it } from "vitest";
import type { Health } from "../../src/schemas/health.ts";
import { call, json } from "../support/workers/http.ts";

describe("GET /health", () => {
  it("says the Worker is up, its version and instance, and nothing more", async () => {
    const reply = await call("/health");
    expect(reply.status).toBe(200);
    const health = await json(reply);
    expect(Object.keys(health).sort()).toEqual(["instance_id", "status", "version"]);
    expect(health.status).toBe("ok");
    expect(health.instance_id).toBe(reply.headers.get("x-instance-id"));
    expect(typeof health.version).toBe("string");
  });
});

describe("GET /v1/health", () => {
  it("reports storage, the outbox and the judge, with when it measured them", async () => {
    const reply = await call("/v1/health");
    expect(reply.status).toBe(200);
    const health = await json<Health>(reply);
    expect(health).toMatchObject({ status: "ok", storage: "ok", provider: "heuristic", outbox_pending: 0 });
    expect(health.instance_id).toBe(reply.headers.get("x-instance-id"));
    expect(typeof health.judgments_unique).toBe("number");
    expect(Number.isNaN(Date.parse(health.checked_at))).toBe(false);
    expect(health.endpoints.length).toBeGreaterThan(0);
  });
});
