import { afterEach, describe, expect, it, vi } from "vitest";
import { parseScores } from "../../../src/judge/parse-scores.ts";
import { expectNoJudgment, expectProblem } from "../../support/workers/assertions.ts";
import { call, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe, type Subscription } from "../../support/workers/socket.ts";
import { callWith, envWith } from "../../support/workers/worker-env.ts";

/**
 * The review's smaller findings, each as the attacker's request: rotating IPv6 addresses inside one
 * /64 for fresh rate-limit budgets; cell ids `.` and `..`; unbounded sockets per cell and frames that
 * wake it; an answer of tens of KB of `{`; Swagger UI keeping the key in localStorage.
 */

afterEach(() => vi.restoreAllMocks());

/** A rate-limiting binding that allows one request per key and records the keys it counted. */
function onePerKey() {
  const counted: string[] = [];
  return {
    counted,
    async limit({ key }: { key: string }) {
      counted.push(key);
      return { success: counted.filter((seen) => seen === key).length <= 1 };
    },
  };
}

describe("an IPv6 client rotating addresses inside its /64", () => {
  it("spends one budget: the second address of the /64 is rate limited, another /64 is not", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const reads = onePerKey();
    const limited = envWith({ AUTH: "off", READ_RATE_LIMITER: reads });
    const from = (address: string) => callWith(limited, "/v1/rubrics", { headers: { "cf-connecting-ip": address } });
    const first = await from("2001:db8:77:1::1");
    await first.arrayBuffer();
    expect(first.status).toBe(200);
    await expectProblem(await from("2001:db8:77:1:dead:beef:0:2"), 429, "rate_limited");
    const neighbour = await from("2001:db8:77:2::1");
    await neighbour.arrayBuffer();
    expect(neighbour.status).toBe(200);
    expect(reads.counted).toEqual(["ip:2001:db8:77:1::/64", "ip:2001:db8:77:1::/64", "ip:2001:db8:77:2::/64"]);
  });
});

describe("cell ids made only of dots", () => {
  it.each([".", "..", "..."])("refuses %j with 400 and stores nothing", async (cellId) => {
    const problem = await expectProblem(await postJson("/v1/judgments", { cell_id: cellId, content: "x" }), 400, "invalid_request");
    expect(JSON.stringify(problem.errors)).toContain("not only dots");
  });

  it("refuses them in paths too (where no URL parser folded them away)", async () => {
    await expectProblem(await call("/v1/judgments/..."), 400, "invalid_request");
    await expectProblem(await call("/v1/cells/.../stream", { headers: { upgrade: "websocket" } }), 400, "invalid_request");
    // Dots inside an id are still fine.
    const dotted = `${uniqueName("a")}..b`;
    await expectNoJudgment(dotted);
  });
});

describe("sockets on one cell", () => {
  it("stops at CELL_MAX_SOCKETS (64): the next upgrade gets 503 overloaded before any socket is made", async () => {
    const cellId = uniqueName("sockets");
    const open: Subscription[] = [];
    try {
      for (let i = 0; i < 64; i++) open.push(await subscribe(cellId));
      const refused = await call(`/v1/cells/${cellId}/stream`, { headers: { upgrade: "websocket" } });
      expect(refused.webSocket).toBeNull();
      expect(refused.headers.get("retry-after")).toBe("5");
      const problem = await expectProblem(refused, 503, "overloaded");
      expect(problem.detail).toContain("CELL_MAX_SOCKETS");
      // Another cell is not affected.
      const other = await subscribe(uniqueName("sockets-other"));
      other.close();
    } finally {
      for (const stream of open) stream.close();
    }
  });

  it("closes a socket that sends anything but the ping, answering nothing", async () => {
    const stream = await subscribe(uniqueName("chatty"));
    try {
      await stream.until((frame) => frame.type === "snapshot");
      const closed = new Promise<number>((resolve) => stream.socket.addEventListener("close", (event) => resolve(event.code)));
      stream.socket.send("x".repeat(1_000));
      expect(await closed).toBe(1008);
      expect(stream.frames.map((frame) => frame.type)).toEqual(["snapshot"]);
    } finally {
      stream.close();
    }
  });
});

describe("a model answer of 60 KB of `{`", () => {
  it("is read as holding no JSON object (one linear pass; test/unit/parse-scores counts the steps)", () => {
    const parsed = parseScores("{".repeat(60_000), ["COHERENCE"]);
    expect(parsed.outcomes.COHERENCE).toEqual({ status: "failed", error: "the answer held no readable JSON object" });
  });
});

describe("Swagger UI at /docs", () => {
  it("does not keep the key it is given in localStorage", async () => {
    const reply = await call("/docs/swagger-init.js");
    const script = await reply.text();
    expect(reply.status).toBe(200);
    expect(script).toContain("persistAuthorization: false");
    expect(script).not.toContain("persistAuthorization: true");
  });
});
