import { inject } from "vitest";
import type { CallRecord } from "../../../scripts/fake-model/call-record.ts";

/** One call the fake model server received. */
export type FakeCall = CallRecord;

/** The calls whose first user message contains `marker` (put a unique marker in the judged content). */
export async function fakeCalls(marker: string): Promise<FakeCall[]> {
  const reply = await fetch(`${inject("fakeModelUrl")}/__calls?contains=${encodeURIComponent(marker)}`);
  return ((await reply.json()) as { calls: FakeCall[] }).calls;
}

/** Calls that were answered (HTTP 200): what a judgment was billed for. */
export const answered = (calls: FakeCall[]) => calls.filter((call) => call.status === 200);

/** The most calls that were in progress at the same moment. */
export function maxOverlap(calls: FakeCall[]): number {
  const events = calls.flatMap((c) => [[c.startSeq, 1], [c.endSeq || Number.MAX_SAFE_INTEGER, -1]] as const).sort((a, b) => a[0] - b[0]);
  let current = 0;
  let most = 0;
  for (const [, delta] of events) most = Math.max(most, (current += delta));
  return most;
}

/** The calls containing `marker` at each of the three jury endpoints (test/global-setup.ts), by model. */
export async function juryCalls(marker: string): Promise<FakeCall[]> {
  const urls = [...new Set(inject("juryModelUrls"))];
  const lists = await Promise.all(
    urls.map(async (url) => ((await (await fetch(`${url}/__calls?contains=${encodeURIComponent(marker)}`)).json()) as { calls: FakeCall[] }).calls),
  );
  return lists.flat();
}
