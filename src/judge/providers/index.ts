import type { JudgeProfile } from "../../config.ts";
import { ApiError } from "../../errors.ts";
import type { JudgeProvider } from "../provider.ts";
import { HeuristicProvider } from "./heuristic.ts";

/** Builds the provider a judge profile names. */
export function createProvider(profile: JudgeProfile): JudgeProvider {
  switch (profile.provider) {
    case "heuristic":
      return new HeuristicProvider();
    case "ollama":
    case "openai":
      // Model providers land with the judge-engine issue (#3); until then refuse clearly.
      throw new ApiError("provider_unavailable", `provider "${profile.provider}" is not available in this build`);
  }
}
