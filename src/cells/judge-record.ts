import type { JudgeChoice } from "../config.ts";
import { HEURISTIC_MODEL } from "../judge/heuristic/index.ts";
import { PROMPT_VERSION } from "../judge/prompt-version.ts";

/** The judge a judgment or comparison names in its document: which profile, provider and model, which prompt. */
export interface JudgeRecord {
  profile: string;
  provider: string;
  model: string;
  prompt_version: string;
}

/**
 * The judge a new judgment or comparison records when it is created: a profile's provider and model,
 * or a panel's name with `provider: "panel"` and its members' models. Stored with the run, so a
 * redeploy that changes the profile cannot change what a stored document says judged it.
 *
 * @example
 * judgeRecord({ kind: "single", profile: heuristicProfile }); // { profile: "default", provider: "heuristic", model: "heuristic-v1", prompt_version: … }
 */
export function judgeRecord(choice: JudgeChoice): JudgeRecord {
  if (choice.kind === "panel") {
    return { profile: choice.panel.name, provider: "panel", model: choice.panel.members.map((member) => member.model).join(", "), prompt_version: PROMPT_VERSION };
  }
  const { profile } = choice;
  return { profile: profile.name, provider: profile.provider, model: profile.provider === "heuristic" ? HEURISTIC_MODEL : profile.model, prompt_version: PROMPT_VERSION };
}
