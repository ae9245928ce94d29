import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BETTER_MARK } from "../../../scripts/fake-model/preferences.ts";
import { configOf } from "../../../src/config.ts";
import { createDatabase } from "../../../src/db/client.ts";
import { comparisons } from "../../../src/db/schema.ts";
import { comparisonStub } from "../../../src/objects/comparison.ts";
import type { Comparison } from "../../../src/schemas/comparison.ts";
import { json, postJson, uniqueName } from "../../support/workers/http.ts";

const rowOf = async (id: string) => (await createDatabase(configOf(env)).select().from(comparisons).where(eq(comparisons.comparisonId, id)))[0];

describe("comparisons in Turso", () => {
  it("a finished comparison's row holds its headline figures and its document", async () => {
    const marker = uniqueName("cmp-turso");
    const comparison = await json<Comparison>(await postJson("/v1/comparisons", { a: `plain ${marker}`, b: `${BETTER_MARK} ${marker}`, judge: "marked", reality: "CODE" }));
    // Waits for the push the comparison's end started (it does not push again when Turso has it).
    expect(await comparisonStub(env, comparison.comparison_id).flushed()).toBe(true);
    const row = await rowOf(comparison.comparison_id);
    expect(row).toMatchObject({
      status: "completed",
      winner: "b",
      margin: -1,
      positionConsistency: 1,
      reality: "CODE",
      rubricId: "cynic-36",
      judgeProfile: "marked",
      llmCalls: 10,
      errorCode: null,
    });
    expect(JSON.parse(row!.document)).toEqual({ ...comparison, cached: false });
  });

  it("a panel's comparison and a failed one are rows too", async () => {
    const marker = uniqueName("cmp-turso-failed");
    const reply = await postJson("/v1/comparisons", { a: `one ${marker}`, b: `two ${marker}`, judge: "rate-limited" });
    expect(reply.status).toBe(503);
    const { comparison } = await json<{ comparison: Comparison }>(reply);
    expect(await comparisonStub(env, comparison.comparison_id).flushed()).toBe(true);
    expect(await rowOf(comparison.comparison_id)).toMatchObject({ status: "failed", winner: null, errorCode: "provider_unavailable" });

    const panel = await json<Comparison>(await postJson("/v1/comparisons", { a: `${BETTER_MARK} ${marker}`, b: `plain ${marker}`, judge: "cmp-jury" }));
    expect(await comparisonStub(env, panel.comparison_id).flushed()).toBe(true);
    const row = await rowOf(panel.comparison_id);
    expect(row).toMatchObject({ status: "completed", winner: "a", judgeProfile: "cmp-jury" });
    expect(JSON.parse(row!.document).jury.members).toHaveLength(3);
  });
});
