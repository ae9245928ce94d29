/**
 * The two public wire formats the judge speaks, as a server sees them: Ollama's `POST /api/chat` and
 * OpenAI's `POST /chat/completions`. Requests are checked as strictly as the real servers check them,
 * so a provider that drifts from the format fails here instead of in production.
 *
 * References: https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion and
 * https://platform.openai.com/docs/api-reference/chat/create (structured outputs: `response_format`).
 */

export type Provider = "ollama" | "openai";

export interface ChatMessage {
  role: string;
  content: string;
}

/** What the fake needs from a chat request, whichever the format. */
export interface ChatRequest {
  provider: Provider;
  model: string;
  messages: ChatMessage[];
  /** How structured output was asked for. */
  structured: "json_schema" | "json_object" | "ollama_format";
  /** The JSON Schema sent (or found in the prompt for json_object mode), if any. */
  schema: Record<string, unknown> | null;
  /** How many alternatives per token the request asked for with `logprobs: true`; null when it did not. */
  logprobs: number | null;
  /** The output cap the request set (`max_tokens`, Ollama's `options.num_predict`), if any. */
  maxTokens?: number | null;
}

export class WireError extends Error {
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function messagesOf(body: Record<string, unknown>): ChatMessage[] {
  const { messages } = body;
  if (!Array.isArray(messages) || messages.length === 0) throw new WireError("messages must be a non-empty array");
  return messages.map((message, index) => {
    if (!isObject(message) || typeof message.role !== "string" || typeof message.content !== "string") {
      throw new WireError(`messages[${index}] must be {role, content} with string values`);
    }
    if (!["system", "user", "assistant"].includes(message.role)) throw new WireError(`messages[${index}].role is invalid`);
    return { role: message.role, content: message.content };
  });
}

/** The first JSON object in free text that looks like a schema (has `properties`), for json_object mode. */
export function schemaInText(text: string): Record<string, unknown> | null {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i += 1;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") depth += 1;
      else if (ch === "}" && --depth === 0) {
        try {
          const value: unknown = JSON.parse(text.slice(start, i + 1));
          if (isObject(value) && isObject(value.properties)) return value;
        } catch {
          // not JSON: keep looking
        }
        break;
      }
    }
  }
  return null;
}

/**
 * `logprobs` and `top_logprobs` as both APIs take them (top-level booleans and 0..20); OpenAI refuses
 * `top_logprobs` without `logprobs: true`.
 */
function logprobsOf(body: Record<string, unknown>, provider: Provider): number | null {
  if (body.logprobs !== undefined && typeof body.logprobs !== "boolean") throw new WireError("logprobs must be a boolean");
  const top = body.top_logprobs;
  if (top !== undefined && (typeof top !== "number" || !Number.isInteger(top) || top < 0 || top > 20)) {
    throw new WireError("top_logprobs must be an integer between 0 and 20");
  }
  if (top !== undefined && body.logprobs !== true && provider === "openai") throw new WireError("logprobs must be set to true if top_logprobs is set");
  return body.logprobs === true ? (top ?? 0) : null;
}

/** Reads and checks an Ollama `/api/chat` body. */
export function parseOllamaRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new WireError("the body must be a JSON object");
  if (typeof body.model !== "string" || body.model === "") throw new WireError("model is required");
  if (body.stream !== false) throw new WireError("this fake only answers stream: false (the judge must not stream)");
  const messages = messagesOf(body);
  if (body.options !== undefined && !isObject(body.options)) throw new WireError("options must be an object");
  const logprobs = logprobsOf(body, "ollama");
  const maxTokens = isObject(body.options) && typeof body.options.num_predict === "number" ? body.options.num_predict : null;
  if (isObject(body.format)) return { provider: "ollama", model: body.model, messages, structured: "ollama_format", schema: body.format, logprobs, maxTokens };
  if (body.format === "json") {
    return { provider: "ollama", model: body.model, messages, structured: "json_object", schema: schemaInText(messages.map((m) => m.content).join("\n")), logprobs, maxTokens };
  }
  throw new WireError('format must be a JSON Schema object or "json"');
}

/** Reads and checks an OpenAI `/chat/completions` body. */
export function parseOpenAiRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new WireError("the body must be a JSON object");
  if (typeof body.model !== "string" || body.model === "") throw new WireError("you must provide a model parameter");
  if (body.stream === true) throw new WireError("this fake does not stream");
  const messages = messagesOf(body);
  const logprobs = logprobsOf(body, "openai");
  const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : null;
  const format = body.response_format;
  if (!isObject(format)) throw new WireError("response_format is required by this fake (the judge always asks for JSON)");
  if (format.type === "json_schema") {
    const spec = format.json_schema;
    if (!isObject(spec) || typeof spec.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
      throw new WireError("response_format.json_schema.name must match ^[a-zA-Z0-9_-]{1,64}$");
    }
    if (!isObject(spec.schema)) throw new WireError("response_format.json_schema.schema must be an object");
    return { provider: "openai", model: body.model, messages, structured: "json_schema", schema: spec.schema, logprobs, maxTokens };
  }
  if (format.type === "json_object") {
    const text = messages.map((m) => m.content).join("\n");
    if (!/json/i.test(text)) throw new WireError("'messages' must contain the word 'json' to use response_format json_object");
    return { provider: "openai", model: body.model, messages, structured: "json_object", schema: schemaInText(text), logprobs, maxTokens };
  }
  throw new WireError("response_format.type must be json_schema or json_object");
}

/** Dimension ids a request asks for: the properties of its schema. */
export function requestedDimensions(request: ChatRequest): string[] {
  const properties = request.schema?.properties;
  return isObject(properties) ? Object.keys(properties) : [];
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * What a reply reports as used: `typical`, about four characters a token; `max`, the most a real
 * endpoint could bill, a token per UTF-8 byte of the prompt and the whole output cap; `excess`, ten
 * times that (an endpoint that bills what no tokenizer could, e.g. hidden reasoning tokens).
 */
export type Billing = "typical" | "max" | "excess";

/** A successful reply in the provider's own shape, with usage. */
export function chatReply(request: ChatRequest, content: string, elapsedMs: number, logprobs: unknown[] | null = null, billing: Billing = "typical"): Record<string, unknown> {
  const prompt = request.messages.map((m) => m.content).join("");
  const factor = billing === "excess" ? 10 : 1;
  const promptTokens = billing === "typical" ? tokens(prompt) : factor * new TextEncoder().encode(prompt).byteLength;
  const completionTokens = billing !== "typical" && request.maxTokens ? factor * request.maxTokens : tokens(content);
  if (request.provider === "ollama") {
    return {
      model: request.model,
      created_at: new Date().toISOString(),
      message: { role: "assistant", content },
      done_reason: "stop",
      done: true,
      total_duration: elapsedMs * 1e6,
      load_duration: 0,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: Math.round(elapsedMs * 1e6 * 0.3),
      eval_count: completionTokens,
      eval_duration: Math.round(elapsedMs * 1e6 * 0.7),
      ...(logprobs ? { logprobs } : {}),
    };
  }
  return {
    id: `chatcmpl-fake${Date.now().toString(36)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: logprobs ? { content: logprobs, refusal: null } : null, finish_reason: "stop" }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    system_fingerprint: "fp_fake",
  };
}

/** An error body in the provider's own shape. */
export function errorReply(provider: Provider, status: number, message: string): Record<string, unknown> {
  if (provider === "ollama") return { error: message };
  const type = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_request_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return { error: { message, type, param: null, code: status === 401 ? "invalid_api_key" : null } };
}
