import { describe, expect, it } from "vitest";
import { ResumableRun } from "../../src/async/resumable-run.ts";

/** A fake object: stored work, a run that finishes when told to, a clock. */
function harness() {
  const stored = { unfinished: true, progress: {} as object };
  const runs: { resumed: boolean; finish: () => void }[] = [];
  let clock = 1_000;
  const runner = new ResumableRun({
    unfinished: () => stored.unfinished,
    progress: () => stored.progress,
    run: (resumed) =>
      new Promise<void>((resolve) => {
        runs.push({
          resumed,
          finish: () => {
            stored.unfinished = false;
            resolve();
          },
        });
      }),
    watchdogMs: () => 60_000,
    heartbeatMs: () => 2_000,
    now: () => clock,
  });
  return { stored, runs, runner, tick: (ms: number) => (clock += ms), now: () => clock };
}

describe("a resumable run", () => {
  it("resumes unfinished work at the first entry of an instance that is not running it, once", async () => {
    const { runner, runs } = harness();
    expect(runner.running).toBe(false);
    const resumed = runner.resumeIfInterrupted();
    expect(resumed).not.toBeNull();
    expect(runner.resumeIfInterrupted()).toBeNull();
    expect(runner.ensure()).toBe(resumed);
    expect(runs.map((run) => run.resumed)).toEqual([true]);
    runs[0]!.finish();
    await resumed;
    expect(runner.running).toBe(false);
    expect(runner.resumeIfInterrupted()).toBeNull();
  });

  it("starts (not resumes) work asked for, and leaves finished work alone", async () => {
    const { runner, runs, stored } = harness();
    stored.unfinished = false;
    expect(runner.resumeIfInterrupted()).toBeNull();
    expect(runner.wake(0)).toBe("idle");
    const started = runner.ensure();
    expect(runs.map((run) => run.resumed)).toEqual([false]);
    runs[0]!.finish();
    await started;
  });

  it("at a wake-up: resumes an interrupted run, leaves a live one alone while it progresses, calls a silent one stuck", () => {
    const { runner, runs, stored, tick, now } = harness();
    expect(runner.wake(now())).toBe("resumed");
    expect(runs).toHaveLength(1);
    tick(50_000);
    expect(runner.wake(now())).toBe("alive");
    stored.progress = {};
    tick(50_000);
    // 100 s since the start, but something was stored since the last wake-up.
    expect(runner.wake(now())).toBe("alive");
    tick(60_000);
    expect(runner.wake(now())).toBe("alive");
    tick(1);
    expect(runner.wake(now())).toBe("stuck");
    expect(runs).toHaveLength(1);
  });

  it("asks to be woken within a heartbeat while work is unfinished, and not after", async () => {
    const { runner, runs, stored } = harness();
    expect(runner.nextWakeUp(10_000)).toBe(12_000);
    const run = runner.ensure();
    runs[0]!.finish();
    await run;
    expect(stored.unfinished).toBe(false);
    expect(runner.nextWakeUp(10_000)).toBeNull();
  });

  it("names each instance differently towards shared objects", () => {
    expect(harness().runner.incarnation).not.toBe(harness().runner.incarnation);
  });

  it("never leaves a failed run's rejection unhandled, and can start again", async () => {
    let attempts = 0;
    const runner = new ResumableRun({
      unfinished: () => true,
      progress: () => attempts,
      run: async () => {
        attempts += 1;
        throw new Error("storage went away");
      },
      watchdogMs: () => 1_000,
      heartbeatMs: () => 1_000,
    });
    expect(runner.wake(Date.now())).toBe("resumed");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runner.running).toBe(false);
    await expect(runner.resumeIfInterrupted()).rejects.toThrow("storage went away");
    expect(attempts).toBe(2);
  });
});
