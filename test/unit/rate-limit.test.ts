import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { problemResponse, toApiError } from "../../src/errors.ts";
import { apiKeyAuth } from "../../src/middleware/api-key-auth.ts";
import { rateLimit } from "../../src/middleware/rate-limit.ts";

/** A limiter binding that records the keys it counted and allows `budget` requests per key. */
function fakeLimiter(budget: number, fail = false) {
  const counts = new Map<string, number>();
  return {
    keys: [] as string[],
    async limit({ key }: { key: string }) {
      if (fail) throw new Error("limiter unreachable");
      this.keys.push(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return { success: counts.get(key)! <= budget };
    },
  };
}

function appWith(env: Record<string, unknown>) {
  const app = new Hono<{ Bindings: Env }>();
  app.use("/v1/*", apiKeyAuth(), rateLimit());
  app.all("/v1/thing", (c) => c.json({ ok: true }));
  app.onError((error) => problemResponse(toApiError(error)));
  const fetch = (method: string, headers: Record<string, string> = {}) =>
    app.request("/v1/thing", { method, headers }, { AUTH: "off", ...env } as unknown as Env);
  return { fetch };
}

describe("rateLimit with an open API", () => {
  it("counts each client IP separately, reads and writes on their own limiter", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const reads = fakeLimiter(1);
    const writes = fakeLimiter(1);
    const { fetch } = appWith({ READ_RATE_LIMITER: reads, WRITE_RATE_LIMITER: writes });
    expect((await fetch("GET", { "cf-connecting-ip": "203.0.113.7" })).status).toBe(200);
    const limited = await fetch("GET", { "cf-connecting-ip": "203.0.113.7" });
    expect([limited.status, limited.headers.get("retry-after"), ((await limited.json()) as { code: string }).code]).toEqual([429, "10", "rate_limited"]);
    expect((await fetch("GET", { "cf-connecting-ip": "198.51.100.2" })).status).toBe(200);
    expect((await fetch("POST", { "cf-connecting-ip": "203.0.113.7" })).status).toBe(200);
    expect(reads.keys).toEqual(["ip:203.0.113.7", "ip:203.0.113.7", "ip:198.51.100.2"]);
    expect(writes.keys).toEqual(["ip:203.0.113.7"]);
  });

  it("lets requests through when the limiter fails, and when RATE_LIMITS=off", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const failing = appWith({ READ_RATE_LIMITER: fakeLimiter(0, true), WRITE_RATE_LIMITER: fakeLimiter(0, true) });
    expect((await failing.fetch("GET")).status).toBe(200);
    expect(warn.mock.calls.flat().join("\n")).toContain("rate_limiter_error");
    const exhausted = fakeLimiter(0);
    const off = appWith({ RATE_LIMITS: "off", READ_RATE_LIMITER: exhausted, WRITE_RATE_LIMITER: exhausted });
    expect((await off.fetch("GET")).status).toBe(200);
    expect(exhausted.keys).toEqual([]);
  });
});

describe("rateLimit of IPv6 clients", () => {
  it("counts a whole /64 as one client, so rotating addresses inside it gains nothing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const reads = fakeLimiter(1);
    const { fetch } = appWith({ READ_RATE_LIMITER: reads, WRITE_RATE_LIMITER: fakeLimiter(1) });
    expect((await fetch("GET", { "cf-connecting-ip": "2001:db8:1:2::1" })).status).toBe(200);
    expect((await fetch("GET", { "cf-connecting-ip": "2001:db8:1:2::2" })).status).toBe(429);
    expect((await fetch("GET", { "cf-connecting-ip": "2001:db8:1:3::1" })).status).toBe(200);
    expect(reads.keys).toEqual(["ip:2001:db8:1:2::/64", "ip:2001:db8:1:2::/64", "ip:2001:db8:1:3::/64"]);
  });
});
