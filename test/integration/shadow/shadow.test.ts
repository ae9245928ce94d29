import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellIdentity, sha256Hex } from "../../../src/cells/identity.ts";
import { configOf } from "../../../src/config.ts";
import { isShadowed } from "../../../src/evaluation/drift.ts";
import { CYNIC_36 } from "../../../src/judge/rubric-cynic36.ts";
import { cellStub } from "../../../src/objects/cell.ts";
import type { Judgment } from "../../../src/schemas/judgment.ts";
import { call, json, postJson, uniqueName } from "../../support/workers/http.ts";
import { subscribe } from "../../support/workers/socket.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";

const SAMPLE = 0.1;

/** The candidate's own cell for the same request: the cell a shadow judgment lands in. */
async function candidateCellId(content: string): Promise<string> {
  const profile = configOf(env).profiles["shadow-candidate"]!;
  return (await cellIdentity({ content, rubric: CYNIC_36, profile })).cellId;
}

/** Waits for the candidate's judgment, then lets the shadowed cell's alarm finish linking it. */
async function settled(cellId: string, candidateId: string): Promise<void> {
  const stream = await subscribe(candidateId);
  try {
    await stream.until((frame) => frame.type === "judgment.completed" || (frame.type === "snapshot" && frame.status === "completed"));
  } finally {
    stream.close();
  }
  await runDurableObjectAlarm(cellStub(env, OPEN_TENANT, cellId));
}

/**
 * `reported` is `exact` rounded to `places`: within half a unit of it, the half included. The server sums
 * in its own order, so at a tie (10.925) its sum and ours may land either side of it; `toBeCloseTo`
 * excludes the half and failed on exactly that.
 */
function expectRoundedFrom(reported: number, exact: number, places: number): void {
  expect(Math.abs(reported - exact), `${reported} as ${exact} rounded to ${places} places`).toBeLessThanOrEqual(0.5 * 10 ** -places + 1e-9);
  expect(Number(reported.toFixed(places))).toBe(reported);
}

// A hundred judgments and their sampled shadows: minutes, not seconds, on a loaded two-core machine.
describe("JUDGE_SHADOW", { timeout: 180_000 }, () => {
  it("shadows exactly the hash-selected cells, after the reply, and reports their drift as computed by hand", async () => {
    const marker = uniqueName("shadow");
    const contents = Array.from({ length: 100 }, (_, i) => `decision ${i} of ${marker}: ${"we measured it. ".repeat(i % 7)}`);
    const replies = await Promise.all(contents.map(async (content) => {
      const reply = await postJson("/v1/judgments", { content });
      const judgment = await json<Judgment>(reply);
      // The reply is the default judge's, made without waiting: the candidate's 2 s calls are still running.
      const candidate = await call(`/v1/judgments/${await candidateCellId(content)}`);
      const candidateStatus = candidate.status === 200 ? (await json<Judgment>(candidate)).status : (await candidate.arrayBuffer(), "none");
      return { content, judgment, status: reply.status, candidateStatus };
    }));
    expect(replies.every((reply) => reply.status === 200 && reply.judgment.judge.profile === "default")).toBe(true);

    const selected: typeof replies = [];
    for (const reply of replies) if (isShadowed(await sha256Hex(reply.judgment.cell_id), SAMPLE)) selected.push(reply);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.every((reply) => reply.candidateStatus !== "completed")).toBe(true);

    const pairs = [];
    for (const reply of selected) {
      const candidateId = await candidateCellId(reply.content);
      await settled(reply.judgment.cell_id, candidateId);
      pairs.push({ current: reply.judgment, candidate: await json<Judgment>(await call(`/v1/judgments/${candidateId}`)) });
    }
    // Cells outside the sample were never judged by the candidate.
    for (const reply of replies.filter((r) => !selected.includes(r)).slice(0, 10)) {
      const candidate = await call(`/v1/judgments/${await candidateCellId(reply.content)}`);
      expect(candidate.status).toBe(404);
      await candidate.arrayBuffer();
    }

    const drift = await json<Record<string, unknown>>(await call("/v1/judges/shadow-candidate/drift?against=default"));
    const diffs = pairs.map(({ current, candidate }) => Math.abs(candidate.q_score! - current.q_score!));
    const agreeing = pairs.filter(({ current, candidate }) => current.verdict === candidate.verdict).length;
    const phi = pairs.reduce((sum, { current, candidate }) => sum + candidate.axioms.PHI! - current.axioms.PHI!, 0) / pairs.length;
    expect(drift).toMatchObject({ profile: "shadow-candidate", against: "default", n: selected.length });
    expectRoundedFrom((drift.q_abs_diff as { mean: number }).mean, diffs.reduce((a, b) => a + b, 0) / diffs.length, 2);
    expectRoundedFrom(drift.verdict_agreement as number, agreeing / pairs.length, 3);
    expectRoundedFrom((drift.axes as Record<string, number>).PHI!, phi, 2);
  });

  it("answers 404 for a profile that does not exist", async () => {
    const reply = await call("/v1/judges/nobody/drift");
    expect(reply.status).toBe(404);
    expect(await json(reply)).toMatchObject({ code: "not_found" });
  });
});
