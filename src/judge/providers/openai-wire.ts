import { openAiTokenLogprobs } from "../logprobs/token-logprobs.ts";
import { bearer, isRecord, joinUrl, logprobOptions, SEED, tokenCount, type ChatWire } from "./wire.ts";

/**
 * The OpenAI-compatible chat API: `POST {base}/chat/completions` with structured outputs
 * (`response_format: {type: "json_schema", json_schema: {name, strict: true, schema}}`), or
 * `{type: "json_object"}` for servers without them; usage from `usage`; token probabilities from
 * `choices[0].logprobs.content`.
 * https://platform.openai.com/docs/api-reference/chat/create
 */
export const openAiWire: ChatWire = {
  provider: "openai",
  url: (profile) => joinUrl(profile.base_url!, "chat/completions"),
  headers: bearer,
  body: (profile, messages, schema, maxTokens) => ({
    model: profile.model,
    messages,
    temperature: 0,
    seed: SEED,
    max_tokens: maxTokens,
    response_format: schema
      ? { type: "json_schema", json_schema: { name: "dimension_scores", strict: true, schema } }
      : { type: "json_object" },
    ...logprobOptions(profile),
  }),
  read(reply) {
    if (!isRecord(reply) || !Array.isArray(reply.choices) || !isRecord(reply.choices[0]) || !isRecord(reply.choices[0].message)) {
      throw new Error("the reply has no choices[0].message");
    }
    const message = reply.choices[0].message;
    const usage = isRecord(reply.usage) ? reply.usage : {};
    return {
      content: typeof message.content === "string" ? message.content : "",
      usage: { llm_calls: 1, input_tokens: tokenCount(usage.prompt_tokens), output_tokens: tokenCount(usage.completion_tokens) },
      tokens: openAiTokenLogprobs(reply),
      ...(typeof message.refusal === "string" && message.refusal ? { refusal: message.refusal } : {}),
    };
  },
};
