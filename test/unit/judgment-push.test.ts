import { getTableColumns } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { judgmentRow, pushStatements } from "../../src/db/judgment-push.ts";
import { judgments } from "../../src/db/schema.ts";
import type { Judgment } from "../../src/schemas/judgment.ts";

const judgment: Judgment = {
  cell_id: "c_push",
  content_digest: "digest",
  judgment_id: "j_push",
  status: "completed",
  cached: true,
  rubric: { id: "cynic-36", version: 1 },
  reality: "CODE",
  judge: { profile: "default", provider: "heuristic", model: "heuristic-v1", prompt_version: "p1" },
  q_score: 61.8,
  verdict: "WAG",
  confidence: 0.2,
  axioms: { PHI: 61.8 },
  dimensions: { "PHI.1": { axiom: "PHI", score: 61.8, rationale: "fine", status: "scored" } },
  unnameable: 100,
  weakest: { axiom: "PHI", score: 61.8, drag: 0 },
  flags: [],
  usage: { llm_calls: 1, input_tokens: 10, output_tokens: 20, cost_usd: 0.001 },
  timing: { queued_ms: 1, scoring_ms: 2, total_ms: 3 },
  created_at: "2026-01-01T00:00:00.000Z",
  completed_at: "2026-01-01T00:00:01.000Z",
  links: { self: "/v1/judgments/c_push", stream: "/v1/cells/c_push/stream" },
};

describe("the Turso judgment row", () => {
  it("has a value for every column of src/db/schema.ts's judgments table", () => {
    const columns = Object.keys(getTableColumns(judgments)).sort();
    const row = judgmentRow(judgment, { tenant: "public", contentDigest: "digest" }, 42);
    expect(Object.keys(row).sort()).toEqual(columns);
    expect(Object.entries(row).filter(([, value]) => value === undefined)).toEqual([]);
  });

  it("upserts every column by its SQL name, with the row's values in order", () => {
    const [upsert] = pushStatements(judgment, { tenant: "public", contentDigest: "digest" }, 42);
    const { sql, args } = upsert as { sql: string; args: unknown[] };
    const names = Object.values(getTableColumns(judgments)).map((column) => column.name);
    expect(sql).toContain(`INSERT INTO judgments (${names.join(", ")})`);
    expect(args).toHaveLength(names.length);
    expect(args[names.indexOf("content_digest")]).toBe("digest");
    expect(args[names.indexOf("updated_at")]).toBe(42);
    expect(args[names.indexOf("completed_at")]).toBe(Date.parse("2026-01-01T00:00:01.000Z"));
    expect(JSON.parse(String(args[names.indexOf("document")]))).toMatchObject({ cell_id: "c_push", cached: false });
  });
});
