/**
 * `npm run demo`: judges three samples (a code snippet, a paragraph, a decision) on the running API,
 * follows each cell's stream live, and prints the axiom table, Q-score, verdict, confidence and cost.
 *
 *   npm run demo                              # the API of `npm start` (http://127.0.0.1:$PORT, 8787)
 *   npm run demo -- --url https://judgment-api.example.workers.dev --api-key "$API_KEY"
 *   npm run demo -- --json                    # one JSON report on stdout, for scripts
 *
 * Exits 0 when every sample completed, 1 when one failed or the API cannot be reached, 2 on bad flags.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { ApiProblemError, createApiClient, unwrap, type ApiClient } from "../src/client/index.ts";
import { followSample, type SampleProgress } from "./demo/follow.ts";
import { liveProgress, resultBlock } from "./demo/render.ts";
import { jsonReport } from "./demo/report.ts";
import { SAMPLES } from "./demo/samples.ts";

const USAGE = `usage: npm run demo -- [--url <api url>] [--api-key <key>] [--judge <profile>] [--timeout <seconds>] [--json]
  --url       the API (default: $API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 8787)
  --api-key   sent as a bearer key when the API sets API_KEYS (default: $API_KEY)
  --judge     a judge profile configured on the server (default: the server's default)
  --timeout   seconds to wait for each judgment (default: 120)
  --json      print one JSON report instead of the live rendering`;

interface DemoOptions {
  url: string;
  apiKey: string | undefined;
  judge: string | undefined;
  timeoutMs: number;
  json: boolean;
}

function readOptions(argv: string[]): DemoOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      "api-key": { type: "string" },
      judge: { type: "string" },
      timeout: { type: "string", default: "120" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a number of seconds, got "${values.timeout}"`);
  const url = values.url ?? process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  return { url: url.replace(/\/+$/, ""), apiKey: values["api-key"] ?? process.env.API_KEY, judge: values.judge, timeoutMs: timeout * 1000, json: values.json };
}

class UsageError extends Error {}

/**
 * The provider of the server's default judge, once the API has shown it answers and accepts this
 * caller on `/v1` (a missing key would otherwise surface only as refused streams).
 */
async function preflight(api: ApiClient, url: string): Promise<string> {
  try {
    await unwrap(await api.health.$get());
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Error(`cannot reach the API at ${url} (${reason}); start it with \`npm start\` or pass --url`);
  }
  try {
    return (await unwrap(await api.v1.health.$get())).provider;
  } catch (error) {
    if (error instanceof ApiProblemError && error.problem.code === "unauthorized") {
      throw new Error(`the API at ${url} refused the request (401: ${error.problem.detail}); pass a valid key with --api-key or API_KEY`);
    }
    throw error;
  }
}

/**
 * Node's WebSocket (undici) takes a non-standard `{ headers }` init, which the standard constructor type
 * of this program (the Worker's) does not declare; a browser's takes no headers at all.
 */
type NodeWebSocket = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

/** Opens streams with the API key, which `/v1` needs when the server sets API_KEYS. */
function connectWith(apiKey: string | undefined) {
  if (!apiKey) return undefined;
  return (url: string) => new (WebSocket as unknown as NodeWebSocket)(url, { headers: { authorization: `Bearer ${apiKey}` } });
}

async function main(argv: string[]): Promise<number> {
  const options = readOptions(argv);
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const api = createApiClient(options.url, options.apiKey ? { apiKey: options.apiKey } : {});
  const provider = await preflight(api, options.url);
  const runId = randomUUID().slice(0, 8);
  const samples: SampleProgress[] = SAMPLES.map((sample) => ({
    sample,
    cellId: `demo-${sample.name}-${runId}`,
    phase: "connecting",
    done: 0,
    total: null,
    failedDimensions: 0,
    frames: {},
  }));
  if (!options.json) console.log(`Judging ${samples.length} samples on ${options.url} (judge: ${provider}), following each cell's stream:\n`);
  const progress = options.json ? { update: () => undefined, finish: () => undefined } : liveProgress(samples, process.stdout);
  const connect = connectWith(options.apiKey);
  const follow = { timeoutMs: options.timeoutMs, onChange: progress.update, ...(options.judge ? { judge: options.judge } : {}), ...(connect ? { connect } : {}) };
  await Promise.all(samples.map((sample) => followSample(api, sample, follow)));
  progress.finish();
  if (options.json) console.log(JSON.stringify(jsonReport(options.url, provider, samples), null, 2));
  else console.log(`\n${samples.map(resultBlock).join("\n")}`);
  return samples.every((sample) => sample.phase === "completed") ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`error: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ""}`);
    process.exit(usage ? 2 : 1);
  },
);
