import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { GateDecision, GateRequest } from "../../src/objects/gate.ts";
import { uniqueName } from "../support/workers/http.ts";

/**
 * A gate's batched protocol (what a panel's jurors sharing an endpoint use): several holders' requests
 * in one round trip, several grants returned in one. Asked of a gate object directly, as a cell does.
 */

const gate = () => env.PROVIDER_GATE.get(env.PROVIDER_GATE.idFromName(uniqueName("gate-batch")));

function request(holder: string, incarnation: string, wanted: number, overrides: Partial<GateRequest> = {}): GateRequest {
  return { holder, incarnation, wanted, limit: 3, leaseMs: 60_000, waitMs: 50, breaker: { threshold: 2, coolDownMs: 60_000 }, ...overrides };
}

const grantOf = (decision: GateDecision | undefined) => {
  if (!decision?.ok) throw new Error(`expected a grant, got ${JSON.stringify(decision)}`);
  return decision;
};

describe("a gate asked for several holders at once", () => {
  it("grants within its limit, in order, and refuses what cannot be served in time", async () => {
    const stub = gate();
    const decisions = await stub.acquireAll([request("cell#a", "i1", 2), request("cell#b", "i1", 2), request("cell#c", "i1", 2)]);
    expect(decisions[0]).toMatchObject({ ok: true, permits: 2, probe: false });
    // Partial: one permit is left for the second; the third waits past its waitMs.
    expect(decisions[1]).toMatchObject({ ok: true, permits: 1 });
    expect(decisions[2]).toMatchObject({ ok: false, code: "overloaded" });
    expect(await stub.status()).toMatchObject({ in_flight: 3, queued: 0, granted: 2 });

    await stub.releaseAll(decisions.slice(0, 2).map((decision) => ({ grantId: grantOf(decision).grantId, outcome: { faults: 0, successes: 1 } })));
    expect(await stub.status()).toMatchObject({ in_flight: 0, breaker: "closed" });
  });

  it("goes through the breaker: faults returned together open it, and a half-open gate lets one of them probe", async () => {
    const stub = gate();
    const breaker = { threshold: 2, coolDownMs: 0 };
    const first = await stub.acquireAll([request("cell#a", "i1", 1, { breaker }), request("cell#b", "i1", 1, { breaker })]);
    await stub.releaseAll(first.map((decision) => ({ grantId: grantOf(decision).grantId, outcome: { faults: 1, successes: 0 } })));
    // A cool-down of 0: the open breaker reads half-open at once.
    expect(await stub.status()).toMatchObject({ breaker: "half_open", consecutive_faults: 2, in_flight: 0 });

    const probing = await stub.acquireAll([request("cell#c", "i1", 2, { breaker }), request("cell#d", "i1", 2, { breaker })]);
    expect(probing[0]).toMatchObject({ ok: true, permits: 1, probe: true });
    expect(probing[1]).toMatchObject({ ok: false, code: "provider_unavailable" });

    await stub.releaseAll([{ grantId: grantOf(probing[0]).grantId, outcome: { faults: 0, successes: 1 } }]);
    expect(await stub.status()).toMatchObject({ breaker: "closed", consecutive_faults: 0, in_flight: 0 });
  });

  it("takes back at once what a crashed holder acquired but never released, when its next instance asks", async () => {
    const stub = gate();
    const crashed = await stub.acquireAll([request("cell#a", "dead", 2), request("cell#b", "dead", 1)]);
    expect(crashed.every((decision) => decision.ok)).toBe(true);
    expect(await stub.status()).toMatchObject({ in_flight: 3 });

    // The cell restarted before releasing: its new instance is served at once, not after the lease.
    const resumed = await stub.acquireAll([request("cell#a", "live", 2), request("cell#b", "live", 1)]);
    expect(resumed).toMatchObject([{ ok: true, permits: 2 }, { ok: true, permits: 1 }]);
    expect(await stub.status()).toMatchObject({ in_flight: 3, queued: 0 });

    // The dead instance's late release is ignored: it cannot free the live one's permits.
    await stub.releaseAll(crashed.map((decision) => ({ grantId: grantOf(decision).grantId, outcome: { faults: 0, successes: 1 } })));
    expect(await stub.status()).toMatchObject({ in_flight: 3 });
    await stub.releaseAll(resumed.map((decision) => ({ grantId: grantOf(decision).grantId, outcome: { faults: 0, successes: 1 } })));
    expect(await stub.status()).toMatchObject({ in_flight: 0 });
  });
});
