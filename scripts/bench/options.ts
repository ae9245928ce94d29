import { parseArgs } from "node:util";
import { WORKER_VAR_NAMES } from "../../src/config.ts";
import { HOSTS, type Host } from "../stack/hosts.ts";

/**
 * The scenarios, in the order a full run plays them: the ceiling first (the read scenarios' rate comes
 * from it), `new-cells` last (at its default rate it overloads the local stack, and the thousands of
 * objects and the backlog it leaves would weigh on whatever ran after it).
 */
export const SCENARIO_NAMES = ["ceiling", "cached-reads", "repeat-posts", "stampede", "mixed", "batch", "overload", "new-cells"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  out: string;
  /** Seconds per rate scenario (and for the ceiling). */
  durationS: number;
  /** Arrival rate of `new-cells` and `mixed`, requests per second. */
  rate: number;
  /** Rate of `cached-reads` and `repeat-posts`; null = READ_SHARE of the ceiling measured in the run. */
  readRate: number | null;
  stubLatencyMs: number;
  /** Where the stack's fresh data directory is made; null = defaultDataRoot() of bench-stack.ts. */
  dataRoot: string | null;
  /** The route the ceiling hammers. */
  ceilingPath: string;
  /** Talk to the Worker's own socket instead of through wrangler dev's proxy (worker-process.ts). */
  direct: boolean;
  /** What runs the Worker: wrangler dev, or the deploy bundle on a bare workerd (scripts/stack/workerd-host.ts). */
  host: Host;
  /** The Worker's V8 inspector port for CPU profiles; null = none on the workerd host, any free one under wrangler dev. */
  inspectorPort: number | null;
  /** Show wrangler's warnings and errors. */
  verbose: boolean;
  /** Keep the Worker's per-request and per-judgment log lines (REQUEST_LOGS=on). */
  logs: boolean;
  /** Worker variables set over the bench's own (`--var OVERLOAD=off`): what a figure was measured without. */
  vars: Record<string, string>;
  /** Concurrent requests for the one new cell of `stampede`. */
  stampede: number;
  only: ScenarioName[];
  help: boolean;
}

/**
 * The cheapest /v1 route the API has: answered from the Worker's memory, counted by the rate limits
 * like every /v1 request (the public /health is cheaper still but skips the /v1 middleware).
 */
export const DEFAULT_CEILING_PATH = "/v1/rubrics/cynic-36";

/** The share of the ceiling the read scenarios are offered: the target for cached reads. */
export const READ_SHARE = 0.6;

export const USAGE = `npm run bench -- [options]

Starts its own stack (libSQL server, model stub, the Worker's host) on free ports, runs the scenarios,
prints a Markdown table, writes FILE (JSON) and FILE with .svg (latency chart), and stops everything.

  --out FILE          results file (default bench-results/latest.json)
  --duration S        seconds per rate scenario and for the ceiling (default 20)
  --rate N            new-cells and mixed arrival rate, requests/s (default 150)
  --read-rate N       cached-reads and repeat-posts rate (default ${READ_SHARE} x the ceiling of this run)
  --stub-latency MS   model stub latency per call (default 100)
  --stampede N        concurrent requests for one new cell (default 1000)
  --ceiling-path P    route of the ceiling (default ${DEFAULT_CEILING_PATH}: no Durable Object, no libSQL)
  --host H            what runs the Worker: wrangler (wrangler dev, default) or workerd (the bundle
                      \`wrangler deploy\` would upload, on a bare workerd: no dev proxy, no dev middleware)
  --direct            bypass wrangler dev's proxy: send to the Worker's own socket (Linux; the
                      workerd host has no proxy, so its load always goes to the Worker's socket)
  --inspector-port N  open the Worker's V8 inspector on 127.0.0.1:N (CPU profiles; the workerd host
                      opens none without it, as production has none)
  --verbose           show wrangler's warnings and errors (why a Worker crashed, for one)
  --logs              keep the Worker's request and judgment log lines (off by default: wrangler dev
                      spends about 1 ms of its own CPU per line, a cost of the dev tool)
  --var NAME=VALUE    set a Worker variable over the bench's own, e.g. OVERLOAD=off (repeatable)
  --data-root DIR     where the fresh data directory goes (default /dev/shm when present, else the temp dir)
  --only A[,B...]     run only these scenarios: ${SCENARIO_NAMES.join(", ")}
  --help              this text`;

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} must be a positive ${integer ? "integer" : "number"}, got "${raw}"`);
  }
  return value;
}

/**
 * The `--host` value.
 *
 * @example
 * hostOption("workerd"); // "workerd"
 * @throws Error naming the hosts there are.
 */
export function hostOption(raw: string | undefined): Host {
  if (raw === undefined) return "wrangler";
  if (!(HOSTS as readonly string[]).includes(raw)) throw new Error(`--host takes ${HOSTS.join(" or ")}, got "${raw}"`);
  return raw as Host;
}

/**
 * The `--var` values, each `NAME=VALUE` of a variable the Worker reads.
 *
 * @example
 * workerVarOptions(["OVERLOAD=off"]); // { OVERLOAD: "off" }
 * @throws Error naming the bad one.
 */
export function workerVarOptions(raw: readonly string[] | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of raw ?? []) {
    const at = pair.indexOf("=");
    const name = at > 0 ? pair.slice(0, at) : "";
    if (!(WORKER_VAR_NAMES as readonly string[]).includes(name)) {
      throw new Error(`--var takes NAME=VALUE with NAME a variable the Worker reads (${WORKER_VAR_NAMES.join(", ")}), got "${pair}"`);
    }
    vars[name] = pair.slice(at + 1);
  }
  return vars;
}

function scenarioList(raw: string | undefined): ScenarioName[] {
  if (raw === undefined) return [...SCENARIO_NAMES];
  const wanted = raw.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.find((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined || wanted.length === 0) {
    throw new Error(`--only takes scenario names (${SCENARIO_NAMES.join(", ")}), got "${unknown ?? raw}"`);
  }
  // Always in run order, whatever order they were named in.
  return SCENARIO_NAMES.filter((name) => wanted.includes(name));
}

/**
 * Reads the bench's command line.
 *
 * @example
 * parseBenchOptions(["--duration", "5", "--only", "new-cells"]);
 * // { durationS: 5, only: ["new-cells"], rate: 150, stubLatencyMs: 100, … }
 * @throws Error naming the bad flag.
 */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: "string" },
      duration: { type: "string" },
      rate: { type: "string" },
      "read-rate": { type: "string" },
      "stub-latency": { type: "string" },
      stampede: { type: "string" },
      "ceiling-path": { type: "string" },
      "data-root": { type: "string" },
      direct: { type: "boolean" },
      host: { type: "string" },
      "inspector-port": { type: "string" },
      verbose: { type: "boolean" },
      logs: { type: "boolean" },
      only: { type: "string" },
      var: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  return {
    out: values.out ?? "bench-results/latest.json",
    durationS: positive("duration", values.duration, 20),
    rate: positive("rate", values.rate, 150),
    readRate: values["read-rate"] === undefined ? null : positive("read-rate", values["read-rate"], 0),
    stubLatencyMs: values["stub-latency"] === "0" ? 0 : positive("stub-latency", values["stub-latency"], 100, true),
    stampede: positive("stampede", values.stampede, 1_000, true),
    ceilingPath: values["ceiling-path"] ?? DEFAULT_CEILING_PATH,
    dataRoot: values["data-root"] ?? null,
    direct: values.direct ?? false,
    host: hostOption(values.host),
    inspectorPort: values["inspector-port"] === undefined ? null : positive("inspector-port", values["inspector-port"], 0, true),
    verbose: values.verbose ?? false,
    logs: values.logs ?? false,
    only: scenarioList(values.only),
    vars: workerVarOptions(values.var),
    help: values.help ?? false,
  };
}
