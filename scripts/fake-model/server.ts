import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { behaviourOf, deterministicScore, modeOfAttempt, type Behaviour, type ReplyMode } from "./behaviour.ts";
import { asksForPreferences, preferenceAnswer } from "./preferences.ts";
import type { CallRecord } from "./call-record.ts";
import { logprobsOf } from "./logprobs.ts";
import { chatReply, errorReply, parseOllamaRequest, parseOpenAiRequest, requestedDimensions, WireError, type Provider } from "./wire.ts";

export type { CallRecord } from "./call-record.ts";

/**
 * A fake model server for tests and benchmarks: Ollama's and OpenAI's chat endpoints on one port,
 * deterministic scores, behaviour chosen per model name (behaviour.ts), and a log of every call that
 * tests read over HTTP (`GET /__calls?contains=…`) to count exactly what the judge asked.
 */

export interface FakeModelOptions {
  port?: number;
  host?: string;
  /** Added to every reply unless the model name sets its own `latency`. */
  latencyMs?: number;
}

export interface FakeModelServer {
  url: string;
  port: number;
  calls: CallRecord[];
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new WireError("the body is not valid JSON");
  }
}

/** The message content a mode produces for the requested dimensions. */
function contentFor(mode: ReplyMode, dimensions: string[], behaviour: Behaviour, user: string, preferences: boolean): string {
  const answer: Record<string, unknown> = preferences ? preferenceAnswer(dimensions, behaviour, user) : {};
  for (const id of preferences ? [] : dimensions) {
    const score = behaviour.scores[id] ?? behaviour.score ?? deterministicScore(id, user);
    answer[id] = { score: mode === "wrongtypes" ? "high" : mode === "outofrange" ? 150 : score, rationale: `fake model: ${id} judged ${score}` };
  }
  if (mode === "missing" && dimensions[0]) delete answer[dimensions[0]];
  if (mode === "extra") answer.NOT_ASKED = { score: 50, rationale: "an unrequested dimension" };
  const json = JSON.stringify(answer);
  switch (mode) {
    case "fenced":
      return `\`\`\`json\n${json}\n\`\`\``;
    case "prose":
      return `Here is my assessment.\n${json}\nI hope this helps.`;
    case "garbage":
      return "I am sorry, I cannot score this content.";
    case "truncated":
      return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
    case "empty":
      return "";
    default:
      return json;
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Starts the fake on `port` (0 = a free one).
 *
 * @example
 * const fake = await startFakeModelServer({ latencyMs: 100 });
 * // JUDGE_PROVIDER=openai JUDGE_BASE_URL=${fake.url}/v1 JUDGE_MODEL=fake
 */
export async function startFakeModelServer(options: FakeModelOptions = {}): Promise<FakeModelServer> {
  const calls: CallRecord[] = [];
  const attempts = new Map<string, number>();
  let events = 0;

  async function chat(provider: Provider, req: IncomingMessage, res: ServerResponse, closed: AbortSignal): Promise<void> {
    const body = await readBody(req);
    const request = provider === "ollama" ? parseOllamaRequest(body) : parseOpenAiRequest(body);
    const behaviour = behaviourOf(request.model, options.latencyMs ?? 0);
    const dimensions = requestedDimensions(request);
    const user = request.messages.find((m) => m.role === "user")?.content ?? "";
    const key = `${request.model}\u0000${dimensions.join(",")}\u0000${user}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const mode = modeOfAttempt(behaviour, attempt);
    const record: CallRecord = {
      provider, model: request.model, structured: request.structured, dimensions, attempt, mode,
      repair: request.messages.filter((m) => m.role === "user").length > 1, logprobs: request.logprobs !== null, status: 200, user, at: Date.now(), endedAt: 0,
      startSeq: ++events, endSeq: 0,
    };
    calls.push(record);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      record.endedAt = Date.now();
      record.endSeq = ++events;
      sendJson(res, status, payload, headers);
    };
    if (behaviour.apiKey !== null && req.headers.authorization !== `Bearer ${behaviour.apiKey}`) {
      return reply(401, errorReply(provider, 401, "Incorrect API key provided."));
    }
    if (behaviour.noSchema && request.structured === "json_schema") {
      return reply(400, errorReply(provider, 400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model."));
    }
    const started = Date.now();
    await sleep(mode === "hang" ? behaviour.hangMs : behaviour.latencyMs, closed);
    if (closed.aborted) {
      record.status = 499;
      record.endedAt = Date.now();
      record.endSeq = ++events;
      return;
    }
    if (mode === "429" || mode === "503") {
      return reply(Number(mode), errorReply(provider, Number(mode), mode === "429" ? "Rate limit reached; retry later." : "The server is overloaded."), {
        "retry-after": String(behaviour.retryAfterSeconds),
      });
    }
    if (mode === "500") return reply(500, errorReply(provider, 500, "The server had an error while processing your request."));
    if (dimensions.length === 0) return reply(400, errorReply(provider, 400, "fake model: no schema properties to score"));
    const content = contentFor(mode, dimensions, behaviour, user, asksForPreferences(request.schema));
    const logprobs = request.logprobs !== null && !behaviour.noLogprobs ? logprobsOf(provider, content, request.logprobs) : null;
    reply(200, chatReply(request, content, Date.now() - started, logprobs, behaviour.billing));
  }

  function control(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method === "DELETE") {
      calls.length = 0;
      attempts.clear();
      return sendJson(res, 200, { cleared: true });
    }
    const contains = url.searchParams.get("contains");
    sendJson(res, 200, { calls: contains ? calls.filter((call) => call.user.includes(contains)) : calls });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    const route = async () => {
      if (url.pathname === "/__calls") return control(req, res, url);
      if (req.method === "POST" && url.pathname === "/api/chat") return chat("ollama", req, res, closed.signal);
      if (req.method === "POST" && url.pathname.endsWith("/chat/completions")) return chat("openai", req, res, closed.signal);
      if (req.method === "GET" && (url.pathname === "/api/tags" || url.pathname.endsWith("/models"))) return sendJson(res, 200, { models: [], data: [] });
      sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    };
    route().catch((error: unknown) => {
      const provider: Provider = url.pathname === "/api/chat" ? "ollama" : "openai";
      const status = error instanceof WireError ? error.status : 400;
      sendJson(res, status, errorReply(provider, status, error instanceof Error ? error.message : String(error)));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
