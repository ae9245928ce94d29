import { z } from "zod";
import { configIssuesOf, type ConfigIssue } from "./config-issues.ts";
import { BATCH_STRATEGIES, decimalVar, enumVar, httpUrl, intVar, MAX_GATE_SHARDS, optionalString, PROVIDERS, SCORING_MODES, accepting, type ProviderName } from "./config-vars.ts";
import { isPanelEntry, PanelProfileSchema, resolvePanel, type PanelProfile } from "./panel-profiles.ts";

/**
 * Judge profiles: the default one (JUDGE_* variables) and the named ones and panels of
 * `JUDGE_PROFILES`, each checked with an issue naming the profile when it is bad.
 */

export const JUDGE_PROFILES_ACCEPTED =
  'a JSON object of named judge profiles, e.g. {"fast": {"provider": "ollama", "base_url": "http://127.0.0.1:11434", "model": "llama3.2"}}';

/** One judge: which provider and model, how to call it, what it costs. */
export const JudgeProfileSchema = z.object({
  provider: enumVar(PROVIDERS, "heuristic"),
  base_url: httpUrl,
  model: optionalString,
  api_key: optionalString,
  batch: enumVar(BATCH_STRATEGIES, "axiom"),
  timeout_ms: intVar(30_000, 100, 600_000),
  retries: intVar(2, 0, 10),
  concurrency: intVar(8, 1, 256),
  price_in_per_mtok: decimalVar(0, 10_000),
  price_out_per_mtok: decimalVar(0, 10_000),
  breaker_threshold: intVar(5, 1, 1_000),
  breaker_cooldown_ms: intVar(30_000, 0, 3_600_000),
  scoring: enumVar(SCORING_MODES, "direct"),
  /** Gate objects the endpoint's permits are split over; unset: `JUDGE_GATE_SHARDS`. */
  gate_shards: accepting(z.coerce.number().int().min(1).max(MAX_GATE_SHARDS).optional(), `an integer from 1 to ${MAX_GATE_SHARDS} (default JUDGE_GATE_SHARDS)`),
});

/**
 * One judge, by name. A panel of several judges is a `PanelJudge` instead (config.panels): its jurors
 * are profiles of this type, each called through its own endpoint's gate.
 */
export type JudgeProfile = Omit<z.output<typeof JudgeProfileSchema>, "gate_shards"> & {
  /** Profile name as requests refer to it (`default` or a key of `JUDGE_PROFILES`). */
  name: string;
  model: string;
  /** Gate objects the endpoint's permits are split over (the profile's own, else `JUDGE_GATE_SHARDS`). */
  gate_shards: number;
};

/** A jury of single judge profiles (`{"panel": [...]}` in `JUDGE_PROFILES`). */
export type PanelJudge = PanelProfile<JudgeProfile>;

/** What a request's `judge` names: one profile or a panel of them. */
export type JudgeChoice = { kind: "single"; profile: JudgeProfile } | { kind: "panel"; panel: PanelJudge };

const SECRET_PROFILE_FIELDS: ReadonlySet<string> = new Set(["api_key"]);

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const DEFAULT_MODELS: Record<ProviderName, string> = {
  heuristic: "heuristic-v1",
  ollama: "llama3.2",
  openai: "gpt-4o-mini",
};

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A profile complete with its name and model, or the issue that keeps it from being one. */
export function completeProfile(name: string, raw: z.output<typeof JudgeProfileSchema>, gateShards: number): JudgeProfile | ConfigIssue {
  if (raw.provider !== "heuristic" && !raw.base_url) {
    return name === "default"
      ? { variable: "JUDGE_BASE_URL", accepted: `an http:// or https:// URL: judge profile "default": provider ${raw.provider} needs a base URL` }
      : { variable: "JUDGE_PROFILES", at: `${name}.base_url`, accepted: `an http:// or https:// URL: judge profile "${name}": provider ${raw.provider} needs a base URL` };
  }
  return { ...raw, name, model: raw.model ?? DEFAULT_MODELS[raw.provider], gate_shards: raw.gate_shards ?? gateShards };
}

export const isIssue = (value: JudgeProfile | ConfigIssue): value is ConfigIssue => "variable" in value;

export function parseNamedProfiles(json: string | undefined, issues: ConfigIssue[], gateShards = 1): Record<string, JudgeProfile> {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    // The position only: the document may hold an api_key.
    const position = /position (\d+)/.exec(String(error))?.[1];
    const where = position === undefined ? "" : `; parsing stopped at character ${position}`;
    issues.push({ variable: "JUDGE_PROFILES", accepted: `${JUDGE_PROFILES_ACCEPTED} (the value is not valid JSON${where})` });
    return {};
  }
  // Panels are checked once the single profiles they name are known (parsePanels).
  const singleEntries = isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([, entry]) => !isPanelEntry(entry))) : value;
  const parsed = z
    .record(z.string().regex(PROFILE_NAME), JudgeProfileSchema)
    .safeParse(singleEntries);
  if (!parsed.success) {
    issues.push(...configIssuesOf(parsed.error, { schema: JudgeProfileSchema, input: value, secrets: SECRET_PROFILE_FIELDS, variable: "JUDGE_PROFILES", keyAccepted: "profile names of lowercase letters, digits, _ and - (up to 64 characters)" }));
    return {};
  }
  const profiles: Record<string, JudgeProfile> = {};
  for (const [name, raw] of Object.entries(parsed.data)) {
    const profile = completeProfile(name, raw, gateShards);
    if (isIssue(profile)) issues.push(profile);
    else profiles[name] = profile;
  }
  return profiles;
}

/**
 * The panels of `JUDGE_PROFILES` (`{"panel": [...]}` entries), checked against the single profiles
 * (`default` included); each bad panel is an issue naming it.
 */
export function parsePanels(json: string | undefined, singles: Readonly<Record<string, JudgeProfile>>, issues: ConfigIssue[]): Record<string, PanelJudge> {
  let value: unknown;
  try {
    value = json ? JSON.parse(json) : {};
  } catch {
    return {}; // already reported by parseNamedProfiles
  }
  if (!isPlainObject(value)) return {};
  const entries = Object.entries(value).filter(([, entry]) => isPanelEntry(entry));
  const panelNames = new Set(entries.map(([name]) => name));
  const panels: Record<string, PanelJudge> = {};
  const problem = (name: string, reason: string) =>
    issues.push({ variable: "JUDGE_PROFILES", at: name, accepted: `a panel of 2–7 configured single judge profiles (judge panel "${name}": ${reason})` });
  for (const [name, entry] of entries) {
    if (name === "default") {
      problem(name, "the default judge is a single profile (JUDGE_* variables), not a panel");
      continue;
    }
    if (!PROFILE_NAME.test(name)) continue; // reported with the single profiles' names
    const parsed = PanelProfileSchema.safeParse(entry);
    if (!parsed.success) {
      problem(name, parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; "));
      continue;
    }
    const panel = resolvePanel(name, parsed.data, singles, panelNames);
    if (typeof panel === "string") problem(name, panel);
    else panels[name] = Object.freeze(panel);
  }
  return panels;
}
