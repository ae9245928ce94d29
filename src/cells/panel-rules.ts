import { configOf, type JudgeProfile, type PanelJudge } from "../config.ts";
import { ZERO_COST, type CostedUsage } from "../judge/cost.ts";
import type { StoredPanel } from "./jury-view.ts";
import { slowestOf } from "./run-bounds.ts";

/**
 * A panel as a cell or a comparison stores it with its request, its jurors' profiles as configured
 * now, and its usage: what the objects that run panels share. Pure but for reading the configuration.
 */

/** The panel as the cell stores it with the request. */
export function storedPanel(panel: PanelJudge, disagreement: number): StoredPanel {
  return {
    aggregate: panel.aggregate,
    quorum: panel.quorum,
    weights: { ...panel.weights },
    disagreement,
    members: panel.members.map((member) => ({ profile: member.name, provider: member.provider, model: member.model })),
  };
}

/** A stored panel's jurors as configured now; a juror a redeploy removed is missing (and will fail). */
export function jurorProfiles(env: Env, panel: StoredPanel): Map<string, JudgeProfile | undefined> {
  const profiles = configOf(env).profiles;
  return new Map(panel.members.map((member) => [member.profile, profiles[member.profile]]));
}

/**
 * A time bound of a stored run's slowest judge (the stuck-runner watchdog, the gate's lease): its own
 * profile's, or a panel's slowest juror's. A profile a redeploy removed fails its run at once, so the
 * slack alone is enough for it; so it is for no run at all.
 */
export function slowestJudge(env: Env, request: { judge: { profile: string }; panel?: StoredPanel } | undefined, bound: (profile: JudgeProfile) => number): number {
  if (!request) return slowestOf([], bound);
  return slowestOf(request.panel ? [...jurorProfiles(env, request.panel).values()] : [configOf(env).profiles[request.judge.profile]], bound);
}

/** A panel's usage: the sum of its jurors'. */
export function panelUsage(records: Readonly<Record<string, { usage: CostedUsage }>>): CostedUsage {
  let total = ZERO_COST;
  for (const { usage } of Object.values(records)) {
    total = {
      llm_calls: total.llm_calls + usage.llm_calls,
      input_tokens: total.input_tokens + usage.input_tokens,
      output_tokens: total.output_tokens + usage.output_tokens,
      cost_usd: Math.round((total.cost_usd + usage.cost_usd) * 1e8) / 1e8,
    };
  }
  return total;
}
