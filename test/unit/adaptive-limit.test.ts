import { afterEach, describe, expect, it, vi } from "vitest";
import { AdaptiveLimit } from "../../src/overload/adaptive-limit.ts";
import { JudgmentAdmission } from "../../src/overload/admission.ts";
import { LagProbe } from "../../src/overload/lag-probe.ts";

describe("AdaptiveLimit", () => {
  it("refuses past the limit and admits again once a slot is given back", () => {
    const limit = new AdaptiveLimit({ initial: 2, min: 1 });
    expect([limit.tryAcquire(), limit.tryAcquire(), limit.tryAcquire()]).toEqual([true, true, false]);
    limit.release(0, 5, "ok");
    expect(limit.tryAcquire()).toBe(true);
  });

  it("grows additively while starts are fast and the limit is in use", () => {
    const limit = new AdaptiveLimit({ initial: 10, targetMs: 100 });
    for (let i = 0; i < 200; i++) {
      while (limit.tryAcquire());
      limit.release(i, 20, "ok");
    }
    expect(limit.limit).toBeGreaterThan(20);
  });

  it("cuts multiplicatively on slow starts or drops, once per cooldown, never below min", () => {
    const limit = new AdaptiveLimit({ initial: 100, targetMs: 100, backoff: 0.5, cooldownMs: 250, min: 4 });
    limit.sample(1_000, 500, "ok");
    limit.sample(1_001, 500, "ok"); // same burst: one cut
    expect(limit.limit).toBe(50);
    limit.sample(1_300, 10, "dropped");
    expect(limit.limit).toBe(25);
    for (let t = 2_000; t < 10_000; t += 300) limit.sample(t, 10_000, "ok");
    expect(limit.limit).toBe(4);
  });

  it("does not grow while idle", () => {
    const limit = new AdaptiveLimit({ initial: 10 });
    for (let i = 0; i < 100; i++) {
      limit.tryAcquire();
      limit.release(i, 1, "ok");
    }
    expect(limit.limit).toBe(10);
  });
});

describe("JudgmentAdmission", () => {
  afterEach(() => vi.useRealTimers());

  it("never sheds a cell known completed, nor a request joining a cell being started here", () => {
    const admission = new JudgmentAdmission(new AdaptiveLimit({ initial: 1, min: 1 }));
    const first = admission.admit("a");
    expect(first).not.toBeNull();
    expect(admission.admit("a")).not.toBeNull(); // joins "a"
    expect(admission.admit("b")).toBeNull(); // a new cell past the limit
    admission.completed("c");
    expect(admission.admit("c")).not.toBeNull();
    first!.release(5, "ok");
    expect(admission.admit("b")).not.toBeNull();
  });

  it("frees a slot after the target latency even while the judgment is still scoring", () => {
    vi.useFakeTimers();
    const admission = new JudgmentAdmission(new AdaptiveLimit({ initial: 1, min: 1 }), { freeAfterMs: 1_000 });
    const slow = admission.admit("slow-model");
    expect(admission.admit("other")).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(admission.admit("other")).not.toBeNull();
    slow!.release(50, "ok"); // the late reply still measures, without freeing a second slot
    expect(admission.limit.inFlight).toBe(1);
  });
});

describe("LagProbe", () => {
  it("calls a queue persistent when even the smallest lag of a window passes the target, not for a burst", () => {
    const lag = new LagProbe({ targetMs: 50, intervalMs: 250 });
    lag.record(400, 1_000); // a burst...
    lag.record(5, 1_100); // ...that drained within the window
    lag.record(5, 1_300); // closes the window: its smallest lag was 5 ms
    expect(lag.congested(1_300)).toBe(false);
    lag.record(120, 1_400);
    lag.record(90, 1_500);
    lag.record(80, 1_600); // closes the window of 5, 120 and 90: smallest 5
    expect(lag.congested(1_600)).toBe(false);
    lag.record(70, 1_900); // closes the window of 80 alone: persistent
    expect(lag.congested(1_900)).toBe(true);
    expect(lag.congested(1_900 + 500)).toBe(false); // no sample for two intervals: stale
  });

  it("measures how late a timer due at once fires", async () => {
    vi.useFakeTimers({ now: 10_000 });
    const lag = new LagProbe();
    const measuring = lag.probe(Date.now());
    expect(lag.probe(Date.now())).toBeNull(); // one measurement at a time
    vi.setSystemTime(10_030); // work queued ahead of the timer took 30 ms
    vi.runOnlyPendingTimers();
    await expect(measuring).resolves.toBeUndefined();
    expect(lag.lastLagMs).toBe(30);
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });
});

describe("JudgmentAdmission under a persistent queue", () => {
  it("cuts the limit once per cooldown, refuses past the cut limit, and still passes cells known completed", () => {
    const lag = new LagProbe({ targetMs: 50, intervalMs: 250 });
    const now = Date.now();
    lag.record(300, now - 600);
    lag.record(300, now - 10); // closes a window whose smallest lag was 300 ms
    const admission = new JudgmentAdmission(new AdaptiveLimit({ initial: 4, backoff: 0.5, min: 1, cooldownMs: 60_000 }), { lag });
    admission.completed("done");
    // The first call cuts 4 to 2; the cooldown keeps it there for this burst.
    expect([admission.admit("x"), admission.admit("y"), admission.admit("z")].map((slot) => slot !== null)).toEqual([true, true, false]);
    expect(admission.limit.limit).toBe(2);
    expect(admission.admit("done")).not.toBeNull();
    expect(admission.admit("x")).not.toBeNull(); // joins "x", which is starting here
  });

  it("hands the lag measurement it starts to keepAlive, one at a time", () => {
    vi.useFakeTimers();
    const admission = new JudgmentAdmission(new AdaptiveLimit({ initial: 4 }), { lag: new LagProbe() });
    const kept: Promise<void>[] = [];
    admission.admit("a", (work) => kept.push(work));
    admission.admit("b", (work) => kept.push(work));
    expect(kept).toHaveLength(1);
    vi.runOnlyPendingTimers();
    admission.admit("c", (work) => kept.push(work));
    expect(kept).toHaveLength(2);
    vi.useRealTimers();
  });
});
