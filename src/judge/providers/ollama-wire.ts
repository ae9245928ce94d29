import { ollamaTokenLogprobs } from "../logprobs/token-logprobs.ts";
import { bearer, isRecord, joinUrl, logprobOptions, SEED, tokenCount, type ChatWire } from "./wire.ts";

/**
 * Ollama's chat API: `POST {base}/api/chat` with `stream: false` and the JSON Schema in `format`
 * (or `format: "json"` when the schema is in the prompt); usage from `prompt_eval_count`/`eval_count`;
 * token probabilities (Ollama ≥ 0.12.11) from the top-level `logprobs`.
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
 */
export const ollamaWire: ChatWire = {
  provider: "ollama",
  url: (profile) => joinUrl(profile.base_url!, "api/chat"),
  headers: bearer,
  body: (profile, messages, schema, maxTokens) => ({
    model: profile.model,
    messages,
    stream: false,
    format: schema ?? "json",
    options: { temperature: 0, seed: SEED, num_predict: maxTokens },
    ...logprobOptions(profile),
  }),
  read(reply) {
    if (!isRecord(reply) || !isRecord(reply.message) || typeof reply.message.content !== "string") {
      throw new Error("the reply has no message.content");
    }
    return {
      content: reply.message.content,
      usage: { llm_calls: 1, input_tokens: tokenCount(reply.prompt_eval_count), output_tokens: tokenCount(reply.eval_count) },
      tokens: ollamaTokenLogprobs(reply),
    };
  },
};
