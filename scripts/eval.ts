/**
 * `npm run eval`: judges a labelled JSONL file on the running API as one evaluation, shows progress, and
 * prints how far the judge agrees with the labels, next to a length baseline. Floors make it a CI gate.
 *
 *   npm run eval -- --file labels.jsonl --judge default
 *   npm run eval -- --file labels.jsonl --judge careful --min-kappa 0.6 --max-mae 12
 *   npm run eval -- --file pairs.jsonl --judge panel --min-pairwise-accuracy 0.8 --json
 *
 * Exits 0 when the report meets every floor, 1 when one is missed or the run fails, 2 on bad flags.
 */
import { parseArgs } from "node:util";
import { LabelsFileError, readLabelsFile } from "./eval/labels-file.ts";
import { progressLine } from "./eval/progress.ts";
import { missedFloors, reportTable, type EvaluationReportView, type Floor, type FigureName } from "./eval/report-table.ts";

const FLOOR_FLAGS: Record<string, { figure: FigureName; kind: Floor["kind"] }> = {
  "min-kappa": { figure: "kappa", kind: "min" },
  "min-qwk": { figure: "qwk", kind: "min" },
  "min-spearman": { figure: "spearman", kind: "min" },
  "min-pearson": { figure: "pearson", kind: "min" },
  "min-accuracy": { figure: "accuracy", kind: "min" },
  "min-pairwise-accuracy": { figure: "pairwise_accuracy", kind: "min" },
  "min-position-consistency": { figure: "position_consistency", kind: "min" },
  "max-mae": { figure: "mae", kind: "max" },
};

const USAGE = `usage: npm run eval -- --file <labels.jsonl> --judge <profile> [options]
  --file        JSONL: {"content", "context"?, "label": 0-100 | "pass" | "fail"} or {"a", "b", "label": "a"|"b"|"tie"}
  --judge       the judge profile to evaluate (required)
  --url         the API (default: $API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 8787)
  --api-key     bearer key when the API sets API_KEYS (default: $API_KEY)
  --rubric, --reality, --threshold   as in POST /v1/evaluations
  --timeout     seconds to wait for the report (default: 1800)
  --json        print the report as JSON
  floors (exit 1 when missed): ${Object.keys(FLOOR_FLAGS).map((flag) => `--${flag}`).join(" ")}`;

class UsageError extends Error {}

function readOptions(argv: string[]) {
  const floorOptions = Object.fromEntries(Object.keys(FLOOR_FLAGS).map((flag) => [flag, { type: "string" as const }]));
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: "string" },
      judge: { type: "string" },
      url: { type: "string" },
      "api-key": { type: "string" },
      rubric: { type: "string" },
      reality: { type: "string" },
      threshold: { type: "string" },
      timeout: { type: "string", default: "1800" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      ...floorOptions,
    },
  });
  if (values.help) return "help" as const;
  if (!values.file) throw new UsageError("--file is required");
  if (!values.judge) throw new UsageError("--judge is required");
  const number = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${flag} must be a number, got "${text}"`);
    return value;
  };
  const floors: Floor[] = [];
  for (const [flag, floor] of Object.entries(FLOOR_FLAGS)) {
    const bound = number(flag, (values as unknown as Record<string, string | undefined>)[flag]);
    if (bound !== undefined) floors.push({ ...floor, bound });
  }
  const url = values.url ?? process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  const timeout = number("timeout", values.timeout)!;
  if (timeout <= 0) throw new UsageError("--timeout must be positive");
  return {
    file: values.file,
    judge: values.judge,
    url: url.replace(/\/+$/, ""),
    apiKey: values["api-key"] ?? process.env.API_KEY,
    body: { rubric: values.rubric, reality: values.reality, threshold: number("threshold", values.threshold) },
    timeoutMs: timeout * 1000,
    json: values.json,
    floors,
  };
}

interface EvaluationState {
  evaluation_id: string;
  status: string;
  total: number;
  done: number;
  report?: EvaluationReportView;
  error?: { code: string; message: string };
}

async function call(url: string, apiKey: string | undefined, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  if (apiKey) headers.set("authorization", `Bearer ${apiKey}`);
  const response = await fetch(url, { ...init, headers });
  const body = (await response.json().catch(() => null)) as { detail?: string; code?: string } | null;
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${url} answered ${response.status}${body?.code ? ` ${body.code}` : ""}: ${body?.detail ?? "no detail"}`);
  return body;
}

async function main(argv: string[]): Promise<number> {
  const options = readOptions(argv);
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const items = await readLabelsFile(options.file);
  const started = performance.now();
  const created = (await call(`${options.url}/v1/evaluations`, options.apiKey, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ judge: options.judge, items, ...options.body }),
  })) as EvaluationState;
  const deadline = started + options.timeoutMs;
  let state = created;
  const progress = options.json ? undefined : progressLine(process.stderr);
  while (state.status === "running" && performance.now() < deadline) {
    progress?.update(state);
    // A command-line client polling a running job: one small GET a second is the cheapest wait.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    state = (await call(`${options.url}/v1/evaluations/${state.evaluation_id}`, options.apiKey)) as EvaluationState;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress?.finish(state, seconds);
  if (state.status !== "completed" || !state.report) {
    console.error(`evaluation ${state.evaluation_id} ended ${state.status}${state.error ? `: ${state.error.message}` : ""}`);
    return 1;
  }
  const missed = missedFloors(state.report, options.floors);
  if (options.json) console.log(JSON.stringify({ evaluation_id: state.evaluation_id, seconds: Number(seconds), report: state.report, missed }, null, 2));
  else console.log(`\n${reportTable(state.report)}`);
  for (const line of missed) console.error(`floor missed: ${line}`);
  return missed.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof LabelsFileError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(`error: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ""}`);
    process.exit(usage ? 2 : 1);
  },
);
