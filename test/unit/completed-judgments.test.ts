import { describe, expect, it } from "vitest";
import { CompletedJudgments, completedJudgments } from "../../src/cells/completed-judgments.ts";
import type { JudgmentStatus } from "../../src/schemas/judgment.ts";
import { tenantObjectName } from "../../src/security/tenant.ts";

/** A judgment's text of `chars` characters (2 bytes each in the estimate). */
function judgment(status: JudgmentStatus, chars = 100, contentDigest = "d".repeat(64)) {
  return { status, contentDigest, text: `{"status":"${status}"${" ".repeat(Math.max(0, chars - 13 - status.length))}}` };
}

/** What one entry costs in the estimate: its key, digest and text, two bytes a character. */
const entryBytes = (key: string, chars = 100) => 2 * (key.length + 64 + chars);

describe("the isolate's cache of completed judgments", () => {
  it("holds a completed judgment and answers it by its cell's object name", () => {
    const cache = new CompletedJudgments(1_000_000);
    const held = judgment("completed");
    cache.remember("acme/c_1", held);
    expect(cache.get("acme/c_1")).toMatchObject({ contentDigest: held.contentDigest, text: held.text });
    expect(cache.bytes).toBe(entryBytes("acme/c_1"));
  });

  it.each(["pending", "scoring", "failed"] as const)("never holds a %s judgment (it changes, or may be judged again)", (status) => {
    const cache = new CompletedJudgments(1_000_000);
    cache.remember("acme/c_1", judgment(status));
    expect(cache.get("acme/c_1")).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("keeps tenants apart: a cell id held for one tenant is not found for another", () => {
    const cache = new CompletedJudgments(1_000_000);
    cache.remember(tenantObjectName("acme", "order-1"), judgment("completed"));
    expect(cache.get(tenantObjectName("mallory", "order-1"))).toBeUndefined();
    expect(cache.get(tenantObjectName("public", "order-1"))).toBeUndefined();
    expect(cache.get(tenantObjectName("acme", "order-1"))).toBeDefined();
  });

  it("stays within its bound by evicting the least recently used", () => {
    const bound = 3 * entryBytes("t/c_1");
    const cache = new CompletedJudgments(bound);
    for (const id of ["t/c_1", "t/c_2", "t/c_3"]) cache.remember(id, judgment("completed"));
    expect(cache.size).toBe(3);
    // Reading c_1 makes it the most recent, so c_2 is the one to go.
    expect(cache.get("t/c_1")).toBeDefined();
    cache.remember("t/c_4", judgment("completed"));
    expect(cache.bytes).toBeLessThanOrEqual(bound);
    expect(["t/c_1", "t/c_2", "t/c_3", "t/c_4"].map((id) => cache.get(id) !== undefined)).toEqual([true, false, true, true]);
  });

  it("evicts as many as a larger judgment needs, and keeps none larger than the whole bound", () => {
    const bound = 4 * entryBytes("t/c_1");
    const cache = new CompletedJudgments(bound);
    for (const id of ["t/c_1", "t/c_2", "t/c_3", "t/c_4"]) cache.remember(id, judgment("completed"));
    cache.remember("t/big", judgment("completed", 250));
    expect(cache.bytes).toBeLessThanOrEqual(bound);
    expect(cache.get("t/big")).toBeDefined();
    expect(cache.size).toBe(3);
    expect(cache.get("t/c_1")).toBeUndefined();
    cache.remember("t/huge", judgment("completed", bound));
    expect(cache.get("t/huge")).toBeUndefined();
    expect(cache.get("t/big")).toBeDefined();
  });

  it("counts a cell remembered twice once", () => {
    const cache = new CompletedJudgments(1_000_000);
    cache.remember("t/c_1", judgment("completed"));
    cache.remember("t/c_1", judgment("completed"));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(entryBytes("t/c_1"));
  });

  it("is off when given no memory, and one per isolate otherwise", () => {
    expect(completedJudgments(0)).toBeNull();
    expect(completedJudgments(1_000)).toBe(completedJudgments(1_000));
  });
});
