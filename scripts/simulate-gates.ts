/**
 * Throughput of one model endpoint's gate as shards grow, from the discrete-event model in
 * scripts/bench/gate-simulation.ts (no stack, no wall clock: seconds to run).
 *
 *   npm run simulate:gates                                   # rates 100, 1,000, 10,000/s × shards 1–32
 *   npm run simulate:gates -- --concurrency 256              # with the largest JUDGE_CONCURRENCY
 *   npm run simulate:gates -- --cpu-ms 2 --rates 500,2000    # other costs, other rates
 */
import { parseArgs } from "node:util";
import { DEFAULT_SIMULATION, simulateGates, type SimulationResult } from "./bench/gate-simulation.ts";

const { values } = parseArgs({
  options: {
    rates: { type: "string", default: "100,1000,10000" },
    shards: { type: "string", default: "1,2,4,8,16,32" },
    concurrency: { type: "string", default: String(DEFAULT_SIMULATION.concurrency) },
    "cpu-ms": { type: "string", default: String(DEFAULT_SIMULATION.cpuMsPerRequest) },
    "latency-ms": { type: "string", default: String(DEFAULT_SIMULATION.modelLatencyMs) },
    "queue-limit": { type: "string", default: String(DEFAULT_SIMULATION.objectQueueLimit) },
    seconds: { type: "string", default: String(DEFAULT_SIMULATION.durationS) },
  },
});

function numbers(text: string, name: string): number[] {
  const list = text.split(",").map(Number);
  if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`--${name}: positive numbers separated by commas`);
  return list;
}

const one = (text: string, name: string) => numbers(text, name)[0]!;
const options = {
  ...DEFAULT_SIMULATION,
  concurrency: one(values.concurrency, "concurrency"),
  cpuMsPerRequest: one(values["cpu-ms"], "cpu-ms"),
  modelLatencyMs: one(values["latency-ms"], "latency-ms"),
  objectQueueLimit: one(values["queue-limit"], "queue-limit"),
  durationS: one(values.seconds, "seconds"),
};

const row = (r: SimulationResult) =>
  `| ${r.rate} | ${r.shards} | ${r.judgedPerS.toFixed(0)} | ${((100 * r.refused) / Math.max(1, r.offered)).toFixed(1)} % | ${r.releasesRefused} | ${r.admitP50Ms.toFixed(0)} | ${r.admitP99Ms.toFixed(0)} | ${r.busiestObjectLoad.toFixed(2)} | ${r.gateRequestsPerJudgment} |`;

console.log(
  `Gate model: ${options.cpuMsPerRequest} ms of an object's thread per request, ${options.calls} calls of ${options.modelLatencyMs} ms per judgment, ` +
    `endpoint concurrency ${options.concurrency}, object queue limit ${options.objectQueueLimit}, ${options.durationS} s simulated (first second not counted).\n`,
);
console.log("| offered/s | shards | judged/s | refused | releases refused | admit p50 ms | admit p99 ms | busiest object load | gate requests/judgment |");
console.log("|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
for (const rate of numbers(values.rates, "rates")) {
  for (const shards of numbers(values.shards, "shards")) console.log(row(simulateGates({ ...options, rate, shards })));
}
