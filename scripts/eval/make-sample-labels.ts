/**
 * Writes a labelled JSONL file for trying `npm run eval`: short code snippets and paragraphs of known
 * quality (documented or not, tested or not, sourced or hedged), each labelled with the quality it was
 * built to have. The labels are a construction, not human judgment: the file shows what the report looks
 * like and gives a CI gate something stable to check.
 *
 *   node scripts/eval/make-sample-labels.ts --count 200 > labels.jsonl
 */
import { parseArgs } from "node:util";
import { seededRandom } from "../../src/evaluation/bootstrap.ts";

const { values } = parseArgs({ options: { count: { type: "string", default: "200" }, seed: { type: "string", default: "7" } } });
const count = Number(values.count);
const random = seededRandom(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const NAMES = ["parse", "merge", "render", "score", "fetch", "split", "count", "sort"];
const TOPICS = ["caching", "retries", "schema changes", "rate limits", "rollbacks", "indexes"];

function codeItem(index: number) {
  const name = `${pick(NAMES)}${index}`;
  const documented = random() < 0.5;
  const tested = random() < 0.5;
  const typed = random() < 0.5;
  const lines = [
    documented ? `/**\n * ${name}: returns the items of \`list\` that pass \`keep\`, in order.\n * @example ${name}([1, 2], (n) => n > 1) // [2]\n */` : "",
    typed ? `export function ${name}<T>(list: readonly T[], keep: (item: T) => boolean): T[] {` : `function ${name}(list, keep) {`,
    "  const out = [];",
    "  for (const item of list) if (keep(item)) out.push(item);",
    "  return out;",
    "}",
    tested ? `\ntest("${name} keeps matching items", () => {\n  expect(${name}([1, 2, 3], (n) => n > 1)).toEqual([2, 3]);\n});` : "",
  ];
  const label = 35 + (documented ? 15 : 0) + (tested ? 20 : 0) + (typed ? 10 : 0);
  return { content: lines.filter(Boolean).join("\n"), label };
}

function proseItem(index: number) {
  const topic = pick(TOPICS);
  const sourced = random() < 0.5;
  const structured = random() < 0.5;
  const hedged = random() < 0.5;
  const body = [
    structured ? `## ${topic} (note ${index})\n` : "",
    `We changed how ${topic} work in the service.`,
    hedged ? "It might perhaps help somewhat, maybe, in some cases, possibly." : `Latency at p99 fell from 420 ms to 180 ms over 14 days of traffic.`,
    structured ? `\n- What changed: the ${topic} path now reads once per request.\n- Risk: a stale read for up to 5 s.\n- Rollback: revert the flag.` : "",
    sourced ? `\nSource: the load test in docs/benchmarks.md and the incident review of March.` : "",
  ];
  const label = 30 + (sourced ? 20 : 0) + (structured ? 20 : 0) + (hedged ? 0 : 15);
  return { content: body.filter(Boolean).join("\n"), label };
}

for (let index = 0; index < count; index++) {
  process.stdout.write(`${JSON.stringify(index % 2 === 0 ? codeItem(index) : proseItem(index))}\n`);
}
