import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../durable-objects/gate/circuit-breaker.ts";

const fault = (probe = false) => ({ faults: 1, successes: 0, probe });
const success = (probe = false) => ({ faults: 0, successes: 1, probe });

describe("CircuitBreaker", () => {
  it("stays closed below the threshold, and a success resets the count", () => {
    const breaker = new CircuitBreaker({ threshold: 3, coolDownMs: 1_000 });
    breaker.record(fault(), 0);
    breaker.record(fault(), 0);
    breaker.record(success(), 0);
    breaker.record(fault(), 0);
    breaker.record(fault(), 0);
    expect(breaker.state(0)).toBe("closed");
    expect(breaker.admit(0)).toEqual({ allowed: true, probe: false });
  });

  it("opens at the threshold and refuses with the time left", () => {
    const breaker = new CircuitBreaker({ threshold: 2, coolDownMs: 10_000 });
    breaker.record({ faults: 2, successes: 0, probe: false }, 1_000);
    expect(breaker.state(1_000)).toBe("open");
    expect(breaker.admit(4_000)).toEqual({ allowed: false, retryAfterMs: 7_000 });
  });

  it("half-opens after the cool-down for one probe at a time", () => {
    const breaker = new CircuitBreaker({ threshold: 1, coolDownMs: 1_000 });
    breaker.record(fault(), 0);
    expect(breaker.state(999)).toBe("open");
    expect(breaker.state(1_000)).toBe("half_open");
    expect(breaker.admit(1_000)).toEqual({ allowed: true, probe: true });
    expect(breaker.admit(1_001)).toMatchObject({ allowed: false });
  });

  it("closes on a successful probe and reopens on a failed one", () => {
    const closing = new CircuitBreaker({ threshold: 1, coolDownMs: 1_000 });
    closing.record(fault(), 0);
    closing.admit(2_000);
    closing.record(success(true), 2_100);
    expect(closing.state(2_100)).toBe("closed");

    const reopening = new CircuitBreaker({ threshold: 1, coolDownMs: 1_000 });
    reopening.record(fault(), 0);
    reopening.admit(2_000);
    reopening.record(fault(true), 2_100);
    expect(reopening.state(2_100)).toBe("open");
    expect(reopening.state(3_100)).toBe("half_open");
  });

  it("lets another probe through when a probe ends without an answer either way", () => {
    const breaker = new CircuitBreaker({ threshold: 1, coolDownMs: 0 });
    breaker.record(fault(), 0);
    expect(breaker.admit(0)).toMatchObject({ allowed: true, probe: true });
    breaker.record({ faults: 0, successes: 0, probe: true }, 0);
    expect(breaker.admit(0)).toMatchObject({ allowed: true, probe: true });
  });
});
