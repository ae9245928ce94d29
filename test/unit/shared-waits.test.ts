import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SharedWaits } from "../../src/async/shared-waits.ts";

/** A promise settled from outside. */
function pending() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Which of `waits` have resolved by now. */
async function resolved(waits: Promise<void>[]): Promise<boolean[]> {
  const flags = waits.map(() => false);
  waits.forEach((wait, i) => void wait.then(() => (flags[i] = true)));
  await vi.advanceTimersByTimeAsync(0);
  return flags;
}

describe("SharedWaits: many callers waiting on one work, each for at most its own time", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps one timer however many wait, and none once the work is done", async () => {
    const waits = new SharedWaits();
    const work = pending();
    const all = Array.from({ length: 1_000 }, () => waits.wait(work.promise, 25_000));
    expect(vi.getTimerCount()).toBe(1);
    expect(waits.size).toBe(1_000);
    work.resolve();
    expect((await resolved(all)).every(Boolean)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(waits.size).toBe(0);
  });

  it("lets each caller go at its own deadline, soonest first, with the timer moved to the next", async () => {
    const waits = new SharedWaits();
    const work = pending();
    const late = waits.wait(work.promise, 300);
    const early = waits.wait(work.promise, 100);
    expect(await resolved([early, late])).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(100);
    expect(await resolved([early, late])).toEqual([true, false]);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(await resolved([early, late])).toEqual([true, true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("releases a failed work's callers as a finished one's, and only that work's", async () => {
    const waits = new SharedWaits();
    const failing = pending();
    const other = pending();
    const onFailing = waits.wait(failing.promise, 10_000);
    const onOther = waits.wait(other.promise, 10_000);
    failing.reject(new Error("the run failed"));
    expect(await resolved([onFailing, onOther])).toEqual([true, false]);
    expect(waits.size).toBe(1);
    other.resolve();
    expect(await resolved([onOther])).toEqual([true]);
  });
});
