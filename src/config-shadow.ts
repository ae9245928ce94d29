import { z } from "zod";
import { ConfigError } from "./config-issues.ts";
import type { JudgeProfile } from "./config-profiles.ts";

/**
 * `JUDGE_SHADOW`: a candidate judge that also judges a deterministic sample of the default profile's
 * new cells, after the reply has left, so its drift from the current judge is measured on live traffic
 * before it replaces it (docs/judgment-model.md, "Shadow judges").
 */

export interface ShadowConfig {
  /** The candidate profile's name (any configured profile but `default`). */
  candidate: string;
  /** Share of cells shadowed, 0..1, chosen by a hash of the cell id. */
  sample: number;
}

const EXPECTED = '{"candidate": "<profile>", "sample": 0..1}';

/** JUDGE_SHADOW is wrong: it holds no secret, so its value is quoted. */
const shadowError = (json: string, accepted: string) => new ConfigError([{ variable: "JUDGE_SHADOW", given: json.slice(0, 80), accepted }]);

const ShadowSchema = z.strictObject({
  candidate: z.string().min(1),
  sample: z.number().min(0).max(1),
});

/**
 * @example
 * parseShadow('{"candidate":"new-prompt","sample":0.1}', profiles); // { candidate: "new-prompt", sample: 0.1 }
 * @throws ConfigError naming JUDGE_SHADOW and what is wrong.
 */
export function parseShadow(json: string | undefined, profiles: Readonly<Record<string, JudgeProfile>>): ShadowConfig | null {
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw shadowError(json, `${EXPECTED} (the value is not valid JSON)`);
  }
  const parsed = ShadowSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw shadowError(json, `${EXPECTED} (${issues})`);
  }
  const { candidate } = parsed.data;
  if (candidate === "default") throw shadowError(json, "a candidate other than the default profile");
  if (!profiles[candidate]) throw shadowError(json, `a candidate among the JUDGE_PROFILES profiles (not "${candidate}")`);
  return parsed.data;
}
