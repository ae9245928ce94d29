import type { JudgeProfile } from "../config.ts";
import { MAX_RETRY_WAIT_MS } from "../judge/providers/http-call.ts";

/**
 * How long a run of model calls (a cell's judgment, a comparison) may go quiet or hold its endpoint's
 * permits, per profile: the bounds of the stuck-runner watchdog and of the gate's lease.
 */

/** Slack beyond the longest a run's calls may take, for the gate's lease and the stuck-runner watchdog. */
export const WATCHDOG_SLACK_MS = 10_000;

/**
 * How long a live runner may store nothing before it is taken for stuck: a wait in the gate's queue,
 * then one model call with every retry, each retry's wait at its longest, plus slack. Batches run side
 * by side and each one stores its result, so a healthy run never goes longer without progress.
 */
export function stallMs(profile: JudgeProfile): number {
  return profile.timeout_ms * (profile.retries + 2) + profile.retries * MAX_RETRY_WAIT_MS + WATCHDOG_SLACK_MS;
}

/** How long a run may hold the endpoint's permits before the gate presumes them lost. */
export function leaseMs(profile: JudgeProfile): number {
  return profile.timeout_ms * (profile.retries + 1) * 2 + WATCHDOG_SLACK_MS;
}

/** The largest bound over a run's judges (a panel's jurors; profiles no longer configured are skipped). */
export function slowestOf(profiles: readonly (JudgeProfile | undefined)[], bound: (profile: JudgeProfile) => number): number {
  return Math.max(WATCHDOG_SLACK_MS, ...profiles.filter((profile): profile is JudgeProfile => profile !== undefined).map(bound));
}
