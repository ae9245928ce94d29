/**
 * `npm start`: the whole API on 127.0.0.1 with embedded defaults (local libSQL server, offline
 * heuristic judge). Ports and paths from PORT, LIBSQL_PORT, DATA_DIR; the Worker's variables (JUDGE_*,
 * API_KEYS, …) are passed through to it byte for byte.
 *
 * Exit codes: 0 stopped by a signal, 1 a child failed, 2 a bad setting (checked with the Worker's own
 * schema before anything starts). Nothing outlives it: SIGINT, SIGTERM or SIGHUP stop everything, and so
 * does the death of its parent (npm, a shell, an IDE); wrangler runs under a watchdog that takes it
 * down if this process is killed outright (scripts/stack/watchdog.ts).
 */
import { ConfigError, describeConfigIssue, parseConfig } from "../src/config.ts";
import { watchParent } from "./stack/parent-watch.ts";
import { localWorkerVars, workerVarsFrom } from "./stack/worker-vars.ts";

const EXIT_BAD_SETTING = 2;
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

class BadSetting extends Error {}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new BadSetting(`${name}=${JSON.stringify(raw)}: expected a port number from 1 to 65535 (default ${fallback})`);
  }
  return value;
}

/** Settles with the reason to stop: a signal, or the parent gone. */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of STOP_SIGNALS) process.once(signal, () => resolve(signal));
    watchParent(() => resolve("parent process gone"));
  });
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const stopping = stopRequested();
  const port = portFromEnv("PORT", 8787);
  const libsqlPort = portFromEnv("LIBSQL_PORT", 8080);
  const vars = workerVarsFrom(process.env);
  parseConfig(localWorkerVars(vars, libsqlPort));
  // Loaded after the check, so that a bad setting is reported at once.
  const { startStack } = await import("./stack/index.ts");
  const { startCron } = await import("./stack/cron.ts");
  const stack = await startStack({
    port,
    libsqlPort,
    dataDir: process.env.DATA_DIR ?? ".data",
    vars,
    logLevel: (process.env.WRANGLER_LOG_LEVEL as "info" | undefined) ?? "info",
    log: (line) => console.log(line),
  });
  console.log(`API            ${stack.apiUrl}   (healthy after ${Date.now() - startedAt} ms)`);
  console.log(`  health       ${stack.apiUrl}/health`);
  console.log(`  judgments    POST ${stack.apiUrl}/v1/judgments`);
  console.log(`  docs         ${stack.apiUrl}/docs`);
  if (stack.vars.AUTH === "off") {
    console.log("  auth         off: AUTH=off, no API_KEYS set (fine on 127.0.0.1; a deployed Worker needs API_KEYS)");
  } else {
    console.log("  auth         on: /v1 needs a bearer key whose SHA-256 digest is in API_KEYS");
  }
  const cron = startCron(stack.apiUrl, 60_000, (line) => console.warn(line));
  console.log("  cron         reconciliation every minute (wrangler.toml `* * * * *`), fired by npm start itself:");
  console.log("               wrangler dev never fires cron triggers, as its \"Scheduled Workers are not automatically triggered\" warning says");
  console.log("Ctrl-C stops everything.");
  const outcome = await Promise.race([stopping, stack.failed]);
  cron.stop();
  await stack.stop();
  if (outcome instanceof Error) {
    console.error(`error: ${outcome.message}`);
    return 1;
  }
  console.log(`stopped (${outcome})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error("error: invalid configuration, nothing started:");
      for (const issue of error.issues) console.error(`  ${describeConfigIssue(issue)}`);
      process.exit(EXIT_BAD_SETTING);
    }
    if (error instanceof BadSetting) {
      console.error(`error: invalid configuration, nothing started:\n  ${error.message}`);
      process.exit(EXIT_BAD_SETTING);
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
