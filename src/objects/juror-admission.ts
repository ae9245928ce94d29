import type { JudgeProfile } from "../config.ts";
import { log } from "../observability/log.ts";
import { admissionOf, admitToEndpoint, gateRequest, needsGate, releaseToEndpoint, splitGrantId, unreachable, type Admission, type CallOutcome } from "./gate-admission.ts";
import { endpointKey, gateFor, type GateHolder } from "./gate.ts";
import { shardName } from "./gate-shards.ts";

/**
 * Permits for a panel's jurors. Jurors whose gate is one object (same provider, base URL and model,
 * and the same shard) ask it in one round trip and give their permits back in one, once the last of
 * them is done: each request is still decided on its own (limit, queue, breaker), only the trips are
 * shared. A juror alone at its gate asks and releases as a single judge does.
 */

export interface JurorGateRequest {
  profile: JudgeProfile;
  /** The juror as the gate knows it (`<cell>#<juror>`, the cell's live incarnation). */
  holder: GateHolder;
  wanted: number;
}

export interface JurorAdmission {
  admission: Admission;
  /**
   * Gives the juror's permits back with how its calls went; resolves once its gate has them (with its
   * group's, the last juror's release sends all). Never throws; a juror refused a grant calls it too.
   */
  release(outcome: CallOutcome): Promise<void>;
}

const nothingToRelease = async (): Promise<void> => undefined;

/**
 * @example
 * const [a, b] = await admitJurors(env, [{ profile, holder: { holder: `${cell}#a`, incarnation }, wanted: 5 }, ...], leaseMs);
 * try { ... } finally { await a.release(calls); }
 */
export async function admitJurors(env: Env, requests: readonly JurorGateRequest[], leaseMs: number): Promise<JurorAdmission[]> {
  const groups = new Map<string, number[]>();
  requests.forEach((request, index) => {
    const gate = needsGate(request.profile, request.wanted) ? gateFor(env, request.profile, request.holder.holder) : null;
    const key = gate ? shardName(endpointKey(request.profile), gate.shard) : `ungated ${index}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const admitted = new Array<JurorAdmission>(requests.length);
  await Promise.all([...groups.values()].map(async (indices) => {
    if (indices.length === 1) {
      const { profile, holder, wanted } = requests[indices[0]!]!;
      const admission = await admitToEndpoint(env, profile, holder, wanted, leaseMs);
      const grantId = "granted" in admission ? admission.granted?.grantId : undefined;
      admitted[indices[0]!] = { admission, release: grantId ? (outcome) => releaseToEndpoint(env, profile, grantId, outcome) : nothingToRelease };
      return;
    }
    const { profile, holder } = requests[indices[0]!]!;
    const gate = gateFor(env, profile, holder.holder);
    const admissions = await gate.stub
      .acquireAll(indices.map((index) => gateRequest(requests[index]!.profile, requests[index]!.holder, requests[index]!.wanted, gate.limit, leaseMs)))
      .then((decisions) => decisions.map((decision) => admissionOf(decision, gate.shard)))
      .catch((error: unknown) => indices.map(() => unreachable(error)));
    const release = groupRelease(gate.stub, admissions);
    indices.forEach((index, position) => (admitted[index] = { admission: admissions[position]!, release: (outcome) => release(position, outcome) }));
  }));
  return admitted;
}

/** One release for a group's grants, sent when every granted juror of the group has called it. */
function groupRelease(stub: ReturnType<typeof gateFor>["stub"], admissions: readonly Admission[]): (position: number, outcome: CallOutcome) => Promise<void> {
  const grants = admissions.map((admission) => ("granted" in admission ? admission.granted?.grantId : undefined));
  const returned: { grantId: string; outcome: CallOutcome }[] = [];
  let sent: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (sent = resolve));
  return (position, outcome) => {
    const grantId = grants[position];
    if (!grantId) return Promise.resolve();
    returned.push({ grantId: splitGrantId(grantId).id, outcome });
    if (returned.length === grants.filter(Boolean).length) {
      // The grants' lease expires on its own; the run's result does not depend on the gate.
      stub.releaseAll(returned).catch((error: unknown) => log("gate_release_failed", { error: String(error) })).finally(sent);
    }
    return done;
  };
}
