/**
 * `npm start`: the whole API on 127.0.0.1 with embedded defaults (local libSQL server, offline
 * heuristic judge). Ports and paths from PORT, LIBSQL_PORT, DATA_DIR; judge settings from JUDGE_*.
 * Ctrl-C or SIGTERM stops everything; a taken port or a failed child exits non-zero with a message.
 */
import { startCron } from "./stack/cron.ts";
import { startStack, workerVarsFrom } from "./stack/index.ts";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
  }
  return value;
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const port = intFromEnv("PORT", 8787);
  const stack = await startStack({
    port,
    libsqlPort: intFromEnv("LIBSQL_PORT", 8080),
    dataDir: process.env.DATA_DIR ?? ".data",
    // Local development: webhooks may call back to this machine (production must keep it off).
    vars: { CALLBACK_ALLOW_PRIVATE: "on", ...workerVarsFrom(process.env) },
    logLevel: (process.env.WRANGLER_LOG_LEVEL as "info" | undefined) ?? "info",
    log: (line) => console.log(line),
  });
  console.log(`API            ${stack.apiUrl}   (healthy after ${Date.now() - startedAt} ms)`);
  console.log(`  health       ${stack.apiUrl}/health`);
  console.log(`  judgments    POST ${stack.apiUrl}/v1/judgments`);
  const cron = startCron(stack.apiUrl, 60_000, (line) => console.warn(line));
  console.log("  cron         reconciliation every minute (wrangler.toml), fired by npm start");
  console.log("Ctrl-C stops everything.");
  const signal = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const outcome = await Promise.race([signal, stack.failed]);
  cron.stop();
  await stack.stop();
  if (outcome instanceof Error) {
    console.error(`error: ${outcome.message}`);
    return 1;
  }
  console.log("stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
