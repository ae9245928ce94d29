import { z } from "zod";
import { AGGREGATES, type Aggregate } from "./judge/jury/aggregate.ts";
import { majorityOf } from "./judge/jury/panel-result.ts";

/**
 * Panel profiles of `JUDGE_PROFILES`: `{"panel": ["a", "b", "c"], "aggregate": "median", "quorum": 2,
 * "weights": {"a": 2}}`, a jury of 2–7 single judge profiles. Read once with the rest of the
 * configuration (src/config.ts); a bad panel stops the Worker with a message naming it.
 */

export const MIN_JURORS = 2;
export const MAX_JURORS = 7;

/** Every member is named and 2–7 long; quorum and weights are checked against the members below. */
export const PanelProfileSchema = z.strictObject({
  panel: z.array(z.string().min(1)).min(MIN_JURORS, `a panel needs at least ${MIN_JURORS} jurors`).max(MAX_JURORS, `a panel has at most ${MAX_JURORS} jurors`),
  aggregate: z.enum(AGGREGATES).default("median"),
  quorum: z.number().int("quorum must be a whole number").min(1, "quorum must be at least 1").optional(),
  weights: z.record(z.string(), z.number().finite().positive("weights must be positive numbers")).default({}),
});

/** A configured panel, its members resolved to the single profiles they name. */
export interface PanelProfile<Member> {
  name: string;
  panel: string[];
  aggregate: Aggregate;
  quorum: number;
  weights: Readonly<Record<string, number>>;
  members: Member[];
}

/** True for a `JUDGE_PROFILES` entry that describes a panel rather than a single judge. */
export const isPanelEntry = (value: unknown): boolean => typeof value === "object" && value !== null && "panel" in value;

/**
 * Checks a parsed panel against the single profiles it names.
 *
 * @returns the panel with its members, or the reason it is invalid (without the profile's name).
 */
export function resolvePanel<Member>(
  name: string,
  raw: z.output<typeof PanelProfileSchema>,
  singles: Readonly<Record<string, Member>>,
  panelNames: ReadonlySet<string>,
): PanelProfile<Member> | string {
  const duplicate = raw.panel.find((member, index) => raw.panel.indexOf(member) !== index);
  if (duplicate !== undefined) return `juror "${duplicate}" is named twice`;
  const nested = raw.panel.find((member) => panelNames.has(member));
  if (nested !== undefined) return `juror "${nested}" is itself a panel; jurors must be single judge profiles`;
  const unknown = raw.panel.find((member) => !singles[member]);
  if (unknown !== undefined) return `juror "${unknown}" is not a configured judge profile`;
  const quorum = raw.quorum ?? majorityOf(raw.panel.length);
  if (quorum > raw.panel.length) return `quorum ${quorum} is above the panel's ${raw.panel.length} jurors`;
  const stranger = Object.keys(raw.weights).find((member) => !raw.panel.includes(member));
  if (stranger !== undefined) return `weights name "${stranger}", who is not on the panel`;
  return { name, panel: raw.panel, aggregate: raw.aggregate, quorum, weights: raw.weights, members: raw.panel.map((member) => singles[member]!) };
}
