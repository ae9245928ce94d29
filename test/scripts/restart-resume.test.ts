import { createClient, type Client } from "@libsql/client";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startFakeModelServer, type FakeModelServer } from "../../scripts/fake-model/server.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import { startStack, type Stack, type StackOptions } from "../../scripts/stack/index.ts";

/**
 * The whole local stack crashes (wrangler dev and its workerd SIGKILLed, as a power cut or an OOM kill
 * would) in the middle of a judgment, and is started again on the same data directory. Nobody asks
 * for the cell afterwards: the judgment is watched in Turso only, so what finishes it is the cell's
 * own wake-up, not a client's read.
 */

/**
 * How long after the restarted stack answers /health the judgment must be complete: alone it takes ~2 s;
 * the bound is wide because CI runs this beside every other project on two cores.
 */
const RESUMED_WITHIN_MS = 90_000;
/** Each request to the stack gets this long before the test fails naming it, rather than hanging. */
const REQUEST_TIMEOUT_MS = 30_000;
/** 35 calls, 3 at a time, 300 ms each: about 3.6 s of scoring. */
const MODEL = "fake+latency=300";
/** The crash comes after this many answers (1.5 s in at least, past the cell's first alarm). */
const ANSWERED_BEFORE_CRASH = 15;

let dataDir: string;
let fake: FakeModelServer;
let stack: Stack | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "judgment-restart-"));
  fake = await startFakeModelServer();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await stack?.stop();
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const isAlive = (processGroup: number) => {
  try {
    process.kill(-processGroup, 0);
    return true;
  } catch {
    return false;
  }
};

/** Resolves once `check` returns a value, polling every `everyMs`; rejects with `what` past the deadline. */
async function waitFor<T>(what: string, deadlineMs: number, check: () => Promise<T | undefined> | T | undefined, everyMs = 100): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** SIGKILLs every process of the stack's wrangler dev (the CLI and its workerd) and waits until they are gone. */
async function crash(running: Stack): Promise<void> {
  process.kill(-running.processGroup, "SIGKILL");
  await waitFor("wrangler dev to exit", 10_000, () => Promise.race([running.failed.then(() => true), new Promise<undefined>((r) => setTimeout(r, 100))]), 0);
  await waitFor("the stack's processes to die", 10_000, () => (isAlive(running.processGroup) ? undefined : true), 50);
  // What is left is the libSQL server inside this process: the system of record, not under test.
  await running.stop();
}

/**
 * The steps taken so far, each with its time since the test began: printed when the test fails, so a
 * slow or stuck step under a loaded CI machine names itself instead of ending as a bare timeout.
 */
function stepLog() {
  const began = Date.now();
  const steps: string[] = [];
  onTestFailed(() => console.error(`steps before the failure:\n${steps.join("\n")}`));
  return (step: string) => steps.push(`${String(Date.now() - began).padStart(7)} ms  ${step}`);
}

// Two stack starts (wrangler dev boots in ~5 s alone, up to a minute on a loaded CI machine), a crash and a
// resumption: the sum of the bounded waits below, with room.
describe("a judgment interrupted by a crash of the whole stack", { timeout: 420_000 }, () => {
  it("completes on its own within seconds of the restart, scoring only what was missing", async () => {
    const step = stepLog();
    const options: StackOptions = {
      port: await freePort(),
      libsqlPort: await freePort(),
      dataDir,
      logLevel: "warn",
      stdio: "ignore",
      vars: {
        JUDGE_PROVIDER: "ollama",
        JUDGE_BASE_URL: fake.url,
        JUDGE_MODEL: MODEL,
        JUDGE_BATCH: "dimension",
        JUDGE_CONCURRENCY: "3",
        REQUEST_LOGS: "off",
      },
    };
    const cellId = `restart-${Date.now()}`;
    const marker = `crash test ${cellId}`;
    const answered = () => fake.calls.filter((call) => call.user.includes(marker) && call.status === 200 && call.endedAt > 0);

    step("starting the stack");
    stack = await startStack(options);
    step("stack answers /health; asking for the judgment");
    const accepted = await fetch(`${stack.apiUrl}/v1/judgments`, {
      method: "POST",
      headers: { "content-type": "application/json", prefer: "respond-async" },
      body: JSON.stringify({ cell_id: cellId, content: marker }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    expect(accepted.status).toBe(202);
    await accepted.arrayBuffer();
    step("accepted (202); waiting for answers at the fake model");
    await waitFor("dimensions answered", 60_000, () => (answered().length >= ANSWERED_BEFORE_CRASH ? true : undefined), 20);
    step(`${answered().length} answers; crashing the stack`);
    const crashed = stack;
    stack = undefined;
    await crash(crashed);
    const beforeRestart = answered().length;
    expect(beforeRestart).toBeLessThan(35);

    step("crashed; restarting on the same data");
    const restartedAt = Date.now();
    stack = await startStack(options);
    const healthyAt = Date.now();
    step("restarted stack answers /health; watching Turso");
    const turso = createClient({ url: stack.libsqlUrl, authToken: stack.vars.LIBSQL_AUTH_TOKEN });
    clients.push(turso);
    const statusInTurso = async () => {
      const row = (await turso.execute({ sql: "SELECT status FROM judgments WHERE cell_id = ?", args: [cellId] })).rows[0];
      return row?.status === "completed" ? "completed" : undefined;
    };
    await waitFor("the judgment completed in Turso after the restart", RESUMED_WITHIN_MS, statusInTurso, 100);
    const completedAt = Date.now();
    step("completed in Turso");
    console.log(
      `restart → completed: ${completedAt - restartedAt} ms from the restart, ${completedAt - healthyAt} ms after /health answered ` +
        `(${beforeRestart} of 35 dimensions answered before the crash)`,
    );

    const judgment = (await (await fetch(`${stack.apiUrl}/v1/judgments/${cellId}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).json()) as {
      status: string;
      dimensions: Record<string, { status: string }>;
    };
    expect(judgment.status).toBe("completed");
    expect(Object.values(judgment.dimensions).filter((dimension) => dimension.status === "scored")).toHaveLength(35);
    // Resumed, not restarted: at most the calls in flight at the crash (3) are asked a second time.
    const calls = answered();
    expect(new Set(calls.flatMap((call) => call.dimensions)).size).toBe(35);
    expect(calls.length).toBeLessThanOrEqual(35 + 3);
  });
});
