import { describe, expect, it } from "vitest";
import { runBurst, runOpenLoop, type Clock } from "../../scripts/bench/open-loop.ts";

/** A clock that only moves when the generator sleeps; `stalls` adds extra time to given sleeps (a busy event loop). */
function fakeClock(stalls: Record<number, number> = {}): Clock & { sleeps: number } {
  let now = 1_000;
  const clock = {
    sleeps: 0,
    now: () => now,
    sleep: async (ms: number) => {
      // Replies already in hand are recorded before time moves on, as on a real event loop.
      await new Promise((resolve) => setImmediate(resolve));
      now += ms + (stalls[clock.sleeps] ?? 0);
      clock.sleeps += 1;
    },
  };
  return clock;
}

describe("runOpenLoop", () => {
  it("sends rate x duration requests, each index once, on schedule", async () => {
    const sent: number[] = [];
    const clock = fakeClock();
    const result = await runOpenLoop({
      ratePerS: 20,
      durationS: 2,
      clock,
      send: async (index) => {
        sent.push(index);
        return 200;
      },
    });
    expect(sent).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(result.samples).toHaveLength(40);
    expect(result.maxSendLagMs).toBe(0);
    expect(result.samples.every((sample) => sample.latencyMs === 0 && sample.status === 200)).toBe(true);
  });

  it("times each request from when it was due, so a stall shows as latency instead of vanishing", async () => {
    // 100/s: one request every 10 ms. The generator's 3rd sleep overruns by 95 ms.
    const clock = fakeClock({ 2: 95 });
    const result = await runOpenLoop({ ratePerS: 100, durationS: 0.2, clock, send: async () => 200 });
    expect(result.samples).toHaveLength(20);
    const latencies = result.samples.map((sample) => sample.latencyMs);
    // Request 3 was due at +30 ms and left at +125 ms; the overdue ones after it went out at once.
    expect(Math.max(...latencies)).toBe(95);
    expect(latencies.filter((ms) => ms > 0)).toEqual([95, 85, 75, 65, 55, 45, 35, 25, 15, 5]);
    expect(result.maxSendLagMs).toBe(95);
  });

  it("records a send that throws as a reply with no status", async () => {
    const result = await runOpenLoop({
      ratePerS: 10,
      durationS: 0.3,
      clock: fakeClock(),
      send: async (index) => {
        if (index === 1) throw new Error("boom");
        return 204;
      },
    });
    expect(result.samples.map((sample) => sample.status).sort()).toEqual([0, 204, 204]);
  });
});

describe("runBurst", () => {
  it("sends every request at once and times them all from the same moment", async () => {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const clock = fakeClock();
    const burst = runBurst({
      count: 50,
      clock,
      send: () =>
        new Promise<number>((resolve) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          release.push(() => resolve(200));
        }),
    });
    await clock.sleep(40);
    for (const resolve of release) resolve();
    const result = await burst;
    expect(most).toBe(50);
    expect(result.samples).toHaveLength(50);
    expect(result.samples.every((sample) => sample.latencyMs === 40)).toBe(true);
  });
});
