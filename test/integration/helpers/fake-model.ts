import { inject } from "vitest";

/** One call the fake model server received (scripts/fake-model/server.ts `CallRecord`). */
export interface FakeCall {
  provider: "ollama" | "openai";
  model: string;
  structured: "json_schema" | "json_object" | "ollama_format";
  dimensions: string[];
  attempt: number;
  mode: string;
  repair: boolean;
  status: number;
  user: string;
  at: number;
  endedAt: number;
  startSeq: number;
  endSeq: number;
}

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
