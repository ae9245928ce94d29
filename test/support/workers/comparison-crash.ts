import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { BETTER_MARK } from "../../../scripts/fake-model/preferences.ts";
import { comparisonStub } from "../../../src/objects/comparison.ts";
import { OPEN_TENANT } from "../../../src/security/tenant.ts";
import type { FakeCall } from "./fake-model.ts";
import { postJson } from "./http.ts";
import { subscribe } from "./socket.ts";

type Frame = Record<string, unknown>;

export interface CrashedComparison {
  /** The 202's `Location`. */
  location: string | null;
  /** The `comparison.answered` frames the first instance streamed before it was killed. */
  answeredBefore: Frame[];
  /** Every frame streamed to the second subscriber, from its snapshot to `comparison.completed`. */
  after: Frame[];
}

const isType = (type: string) => (frame: Frame) => frame.type === type;
/**
 * Each wait's own bound: a whole run takes about 6 s alone, and CI machines are several times slower.
 * Three waits: a test using this gives itself more than three bounds (CRASH_RESUME_TIMEOUT_MS).
 */
const within = (what: string) => ({ what, ms: 30_000 });

/** The timeout of a test that calls crashAndResumeComparison, beyond the bounds of its waits. */
export const CRASH_RESUME_TIMEOUT_MS = 120_000;

/**
 * Comparison `id` (the content marked better, `alpha-<id>`, against `beta-<id>`), started asynchronously
 * with `judge` while subscribed to its stream, its instance killed once `answeredBeforeCrash` answers
 * have streamed; then, subscribed again, its alarm fired (what resumes it) and run to completion.
 */
export async function crashAndResumeComparison(id: string, judge: string, answeredBeforeCrash: number): Promise<CrashedComparison> {
  const path = `/v1/comparisons/${id}/stream`;
  const stub = () => comparisonStub(env, OPEN_TENANT, id);
  const first = await subscribe(id, path);
  let location: string | null;
  try {
    const accepted = await postJson("/v1/comparisons", { comparison_id: id, a: `${BETTER_MARK} alpha-${id}`, b: `beta-${id}`, judge }, { prefer: "respond-async" });
    expect(accepted.status).toBe(202);
    location = accepted.headers.get("location");
    await accepted.arrayBuffer();
    await first.until(() => first.frames.filter(isType("comparison.answered")).length >= answeredBeforeCrash, within(`${answeredBeforeCrash} comparison.answered frames`));
    await runInDurableObject(stub(), (_, state) => state.abort("simulated crash")).catch(() => undefined);
  } finally {
    first.close();
  }
  const second = await subscribe(id, path);
  try {
    await second.until(isType("snapshot"), within("snapshot"));
    await runDurableObjectAlarm(stub());
    await second.until(isType("comparison.completed"), within("comparison.completed after the alarm"));
  } finally {
    second.close();
  }
  return { location, answeredBefore: first.frames.filter(isType("comparison.answered")), after: second.frames };
}

/** The order a model call of crashAndResumeComparison's pair showed it in, and the dimension it asked: `ab:RIGOR`. */
export const askedPair = (call: FakeCall, id: string) => `${call.user.indexOf(`alpha-${id}`) < call.user.indexOf(`beta-${id}`) ? "ab" : "ba"}:${call.dimensions[0]}`;
