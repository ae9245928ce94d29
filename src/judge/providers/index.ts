import type { JudgeProfile } from "../../config.ts";
import type { JudgeProvider } from "../provider.ts";
import { ChatProvider, type ChatProviderOptions } from "./chat-provider.ts";
import { HeuristicProvider } from "./heuristic.ts";
import { ollamaWire } from "./ollama-wire.ts";
import { openAiWire } from "./openai-wire.ts";

/** Builds the provider a judge profile names. */
export function createProvider(profile: JudgeProfile, options: ChatProviderOptions = {}): JudgeProvider {
  switch (profile.provider) {
    case "heuristic":
      return new HeuristicProvider();
    case "ollama":
      return new ChatProvider(ollamaWire, profile, options);
    case "openai":
      return new ChatProvider(openAiWire, profile, options);
  }
}
