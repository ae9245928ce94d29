/**
 * `npm run docs:examples`: regenerates src/openapi/examples.json, the whole-object examples of the
 * OpenAPI document, from the real replies of a real local stack (the offline heuristic judge, a fresh
 * database). test/integration/docs-examples.test.ts fails when the Worker no longer answers so.
 */
import { isDeepStrictEqual } from "node:util";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../src/config.ts";
import { ConfigError } from "../src/config-issues.ts";
import { misconfiguredProblem } from "../src/middleware/config-guard.ts";
import { ACCEPTED_CALL, comparableJudgment, COMPLETED_CALL, EXAMPLE_REQUEST, MISCONFIGURED_ENV, PROBLEM_CALLS, type ExampleCall } from "./docs-examples/requests.ts";
import { freePort } from "./stack/ports.ts";
import { startStack } from "./stack/index.ts";

const OUTPUT = fileURLToPath(new URL("../src/openapi/examples.json", import.meta.url));

async function send(apiUrl: string, call: ExampleCall): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const reply = await fetch(`${apiUrl}${call.path}`, { method: call.method, headers: call.headers ?? {}, ...(call.body ? { body: call.body } : {}) });
  return { status: reply.status, headers: reply.headers, body: (await reply.json()) as Record<string, unknown> };
}

function misconfiguredExample(): Record<string, unknown> {
  try {
    parseConfig(MISCONFIGURED_ENV);
  } catch (error) {
    if (error instanceof ConfigError) return misconfiguredProblem(error).toProblem();
  }
  throw new Error("MISCONFIGURED_ENV is a valid configuration");
}

/** The recorded judgment if only its ids and clock times differ from the new one: the file stays stable. */
function stable(recorded: Record<string, unknown> | undefined, fresh: Record<string, unknown>, scoring = false): Record<string, unknown> {
  if (recorded && isDeepStrictEqual(comparableJudgment(recorded, { scoring }), comparableJudgment(fresh, { scoring }))) return recorded;
  return fresh;
}

async function main(): Promise<void> {
  const previous = JSON.parse(await readFile(OUTPUT, "utf8").catch(() => "{}")) as {
    completed?: Record<string, unknown>;
    accepted?: { body?: Record<string, unknown> };
  };
  const dataDir = await mkdtemp(join(tmpdir(), "judgment-examples-"));
  const stack = await startStack({ port: await freePort(), libsqlPort: await freePort(), dataDir, vars: {}, logLevel: "warn", stdio: "ignore" });
  try {
    const completed = await send(stack.apiUrl, COMPLETED_CALL);
    const accepted = await send(stack.apiUrl, ACCEPTED_CALL);
    if (completed.status !== 200 || accepted.status !== 202) throw new Error(`unexpected replies ${completed.status}, ${accepted.status}`);
    const problems: Record<string, Record<string, unknown>> = {};
    for (const [code, calls] of Object.entries(PROBLEM_CALLS)) {
      let last;
      for (const call of calls) last = await send(stack.apiUrl, call);
      if (last?.body.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(last?.body)}`);
      problems[code] = last.body;
    }
    problems.misconfigured = misconfiguredExample();
    const examples = {
      request: EXAMPLE_REQUEST,
      completed: stable(previous.completed, completed.body),
      accepted: { location: accepted.headers.get("location"), link: accepted.headers.get("link"), body: stable(previous.accepted?.body, accepted.body, true) },
      problems,
    };
    await writeFile(OUTPUT, `${JSON.stringify(examples, null, 2)}\n`);
    console.log(`wrote ${OUTPUT}`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
