import { z } from "zod";
import { ConfigError, type JudgeProfile } from "./config.ts";

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
    throw new ConfigError(`JUDGE_SHADOW: not valid JSON (got ${JSON.stringify(json.slice(0, 80))}); expected {"candidate": "<profile>", "sample": 0..1}`);
  }
  const parsed = ShadowSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new ConfigError(`JUDGE_SHADOW: ${issues}; expected {"candidate": "<profile>", "sample": 0..1}`);
  }
  const { candidate } = parsed.data;
  if (candidate === "default") throw new ConfigError("JUDGE_SHADOW: the candidate must be another profile than default");
  if (!profiles[candidate]) throw new ConfigError(`JUDGE_SHADOW: candidate "${candidate}" is not a profile of JUDGE_PROFILES`);
  return parsed.data;
}
