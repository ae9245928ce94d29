import { afterEach, describe, expect, it, vi } from "vitest";
import { AdaptiveLimit } from "../../src/overload/adaptive-limit.ts";
import { JudgmentAdmission } from "../../src/overload/admission.ts";

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
