import { describe, expect, it } from "vitest";
import { json, postJson, uniqueName } from "../support/workers/http.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";
import type { Problem } from "../../src/schemas/problem.ts";

describe("bounded waiters per cell (CELL_MAX_WAITERS is 20 in this project)", () => {
  it("sheds waiters past the bound with 503 overloaded and Retry-After, and answers the rest", async () => {
    const body = { content: `crowded ${uniqueName("waiters")}`, judge: "slow" };
    const replies = await Promise.all(Array.from({ length: 30 }, () => postJson("/v1/judgments", body)));
    const problems = await Promise.all(replies.map((reply) => json<Partial<Problem>>(reply)));
    const shed = replies.filter((reply) => reply.status === 503);
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(20);
    expect(shed).toHaveLength(10);
    expect(shed.every((reply) => Number(reply.headers.get("retry-after")) > 0)).toBe(true);
    expect(problems.filter((problem) => problem.code === "overloaded")).toHaveLength(10);
    // A shed client that asks again once the judgment is done gets it at once.
    const again = await postJson("/v1/judgments", body);
    expect(again.status).toBe(200);
    expect((await json<Judgment>(again)).cached).toBe(true);
  });
});
