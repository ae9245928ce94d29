/**
 * A 3-juror panel against a single judge with the same model latency: wall time per judgment as a
 * client sees it, and the Worker's own CPU per judgment (its workerd process, from /proc). Jurors run
 * in parallel, so a panel should cost about one model round trip, not three.
 *
 *   npm run bench:jury -- [--judgments 30] [--latency 100] [--batch axiom|all|dimension] [--host wrangler|workerd] [--verbose]
 *
 * Three fake model servers (scripts/fake-model/), one per juror, each answering after `--latency` ms;
 * the single judge uses the first. Each runs in a process of its own, so no answer waits on the
 * client's or another fake's work (in the bench's process one thread wrote a panel's 15 answers, a
 * single judge's 5); the fakes' CPU per call is printed beside the Worker's.
 * Judgments run one at a time, each of new content, with the default rubric (cynic-36: five calls per
 * judge, one per axiom; `--batch all`: one call per judge, which separates what each model call costs
 * from what the panel itself costs). `--host workerd` runs the deploy bundle on a bare workerd instead
 * of wrangler dev (scripts/stack/workerd-host.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startStack } from "../stack/index.ts";
import { freePort } from "../stack/ports.ts";
import { defaultDataRoot } from "./bench-stack.ts";
import { startModelStub } from "./model-stub.ts";
import { ownProcesses, TICKS_PER_S } from "./process-cpu.ts";
import { hostOption } from "./options.ts";
import { percentile } from "./stats.ts";

const { values } = parseArgs({
  options: {
    judgments: { type: "string", default: "30" },
    latency: { type: "string", default: "100" },
    batch: { type: "string", default: "axiom" },
    host: { type: "string", default: "wrangler" },
    verbose: { type: "boolean", default: false },
  },
});
const judgments = Number(values.judgments);
const latencyMs = Number(values.latency);
const host = hostOption(values.host);

const fakes = await Promise.all([0, 1, 2].map(() => startModelStub(latencyMs)));
const dataDir = await mkdtemp(join(defaultDataRoot(), "judgment-jury-bench-"));
const juror = (index: number) => ({ provider: "openai", base_url: `${fakes[index]!.url}/v1`, model: `fake+score=${60 + index * 5}`, concurrency: 64, batch: values.batch });
const apiPort = await freePort();
process.env.WRANGLER_WRITE_LOGS ??= "false";
const stack = await startStack({
  port: apiPort,
  host,
  libsqlPort: await freePort(),
  dataDir,
  vars: {
    JUDGE_PROFILES: JSON.stringify({ single: juror(0), a: juror(0), b: juror(1), c: juror(2), trio: { panel: ["a", "b", "c"] } }),
    RATE_LIMITS: "off",
    REQUEST_LOGS: "off",
  },
  logLevel: "warn",
  stdio: values.verbose ? "inherit" : "ignore",
});

/** CPU so far, clock ticks: the Worker's workerd and the three fakes' processes. */
function ticks(): { worker: number; fakes: number } {
  const own = ownProcesses(apiPort);
  const sum = (role: string) => own.filter((p) => p.role === role).reduce((total, p) => total + p.ticks, 0);
  return { worker: sum("worker"), fakes: sum("stub") };
}
const modelCalls = async () => (await Promise.all(fakes.map((fake) => fake.calls()))).reduce((sum, counts) => sum + counts.total, 0);

async function judge(judgeName: string, content: string): Promise<number> {
  const started = performance.now();
  const reply = await fetch(`${stack.apiUrl}/v1/judgments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content, judge: judgeName }),
  });
  const body = (await reply.json()) as { status?: string };
  if (reply.status !== 200 || body.status !== "completed") throw new Error(`${judgeName}: HTTP ${reply.status} ${JSON.stringify(body).slice(0, 200)}`);
  return performance.now() - started;
}

interface Figures {
  p50: number;
  mean: number;
  p95: number;
  cpuMs: number;
  /** The fakes' CPU per model call this judge made (the fakes' processes, not the API). */
  fakeCpuMsPerCall: number;
}

/**
 * Alternates single and panel judgments, one at a time, so both see the same machine: each request's
 * Worker CPU is the workerd ticks between its start and its end (nothing else runs meanwhile).
 */
async function alternate(names: readonly string[]): Promise<Record<string, Figures>> {
  const samples = Object.fromEntries(names.map((name) => [name, { times: [] as number[], ticks: 0, fakeTicks: 0, calls: 0 }]));
  for (let i = 0; i < judgments; i++) {
    for (const name of names) {
      const sample = samples[name]!;
      // The fakes count their calls over IPC, outside the ticks measured (the count costs them CPU too).
      const callsBefore = await modelCalls();
      const before = ticks();
      sample.times.push(await judge(name, `${name} ${i} ${crypto.randomUUID()}`));
      const after = ticks();
      sample.calls += (await modelCalls()) - callsBefore;
      sample.ticks += after.worker - before.worker;
      sample.fakeTicks += after.fakes - before.fakes;
    }
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return Object.fromEntries(
    names.map((name) => {
      const { times, ticks, fakeTicks, calls } = samples[name]!;
      const sorted = [...times].sort((x, y) => x - y);
      return [name, { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), mean: round(times.reduce((s, t) => s + t, 0) / times.length), cpuMs: round(((ticks / TICKS_PER_S) * 1000) / judgments), fakeCpuMsPerCall: Math.round(((fakeTicks / TICKS_PER_S) * 1000 * 100) / Math.max(1, calls)) / 100 }];
    }),
  );
}

try {
  for (let i = 0; i < 5; i++) await Promise.all([judge("single", `warm ${i} ${crypto.randomUUID()}`), judge("trio", `warm ${i} ${crypto.randomUUID()}`)]);
  const { single, trio: panel } = (await alternate(["single", "trio"])) as { single: Figures; trio: Figures };
  const calls = { axiom: 5, all: 1, dimension: 36 }[values.batch] ?? "?";
  console.log(`${judgments} judgments each, one at a time (alternating), model latency ${latencyMs} ms, cynic-36, batch ${values.batch} (${calls} calls per judge), host ${host}`);
  console.log("judge            p50 ms   mean ms   p95 ms   Worker CPU ms/judgment   fake CPU ms/call");
  for (const [name, figures] of [["single judge", single], ["3-juror panel", panel]] as const) {
    console.log(`${name.padEnd(15)} ${String(figures.p50).padStart(7)} ${String(figures.mean).padStart(9)} ${String(figures.p95).padStart(8)}   ${String(figures.cpuMs).padEnd(22)}   ${figures.fakeCpuMsPerCall}`);
  }
  const ratio = (x: number, y: number) => Math.round((x / y) * 100) / 100;
  console.log(`panel / single: p50 ${ratio(panel.p50, single.p50)}, p95 ${ratio(panel.p95, single.p95)}, CPU ${ratio(panel.cpuMs, single.cpuMs)}`);
  console.log(
    JSON.stringify({
      judgments,
      latency_ms: latencyMs,
      batch: values.batch,
      host,
      single,
      panel,
      panel_minus_single_p50_ms: Math.round((panel.p50 - single.p50) * 10) / 10,
      panel_over_single: { p50: ratio(panel.p50, single.p50), p95: ratio(panel.p95, single.p95), cpu: ratio(panel.cpuMs, single.cpuMs) },
    }),
  );
} finally {
  await stack.stop();
  await Promise.all(fakes.map((fake) => fake.stop()));
  await rm(dataDir, { recursive: true, force: true });
}
