/**
 * `npm run deploy`: refuses to deploy code whose migrations Turso does not have yet, then runs
 * `wrangler deploy`. Migrations themselves run from Node (`npm run db:migrate`), never from the Worker.
 *
 *   LIBSQL_URL=libsql://<db>-<org>.turso.io LIBSQL_AUTH_TOKEN=<token> API_KEYS=<digests> npm run deploy
 *   npm run deploy -- --dry-run [--outdir dist]   # build the bundle only, offline, and print its size
 *
 * A real deploy needs API_KEYS (the digests given to `wrangler secret put API_KEYS`): a Worker without
 * keys would answer 503 `misconfigured` on /v1, or with AUTH=off spend its model credit for anyone.
 * With --dry-run neither check runs unless LIBSQL_URL is set. Exits non-zero on any failure.
 */
import { createClient } from "@libsql/client";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { ConfigError, parseConfig } from "../src/config.ts";
import { buildDashboard } from "./build-dashboard.ts";
import { MIGRATIONS_FOLDER } from "./migrate.ts";
import { ROOT, WRANGLER_CLI } from "./stack/paths.ts";

/** drizzle's journal table (drizzle-orm/libsql/migrator): one row per applied migration. */
const JOURNAL_TABLE = "__drizzle_migrations";

/**
 * Tags of the migrations in migrations/ that the database at `url` has not applied, decided as drizzle's
 * migrator decides what to apply: those newer than the newest one recorded in its journal table.
 *
 * @example
 * await pendingMigrations("http://127.0.0.1:8080"); // [] once `npm run db:migrate` has run
 */
export async function pendingMigrations(url: string, authToken?: string): Promise<string[]> {
  // drizzle-kit's journal: each migration's `when` is the `created_at` the migrator records for it.
  const journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  try {
    const table = await client.execute({ sql: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args: [JOURNAL_TABLE] });
    if (table.rows.length === 0) return journal.entries.map((entry) => entry.tag);
    const newest = await client.execute(`SELECT created_at FROM ${JOURNAL_TABLE} ORDER BY created_at DESC LIMIT 1`);
    const appliedUpTo = newest.rows.length === 0 ? -Infinity : Number(newest.rows[0]![0]);
    return journal.entries.filter((entry) => entry.when > appliedUpTo).map((entry) => entry.tag);
  } finally {
    client.close();
  }
}

/** Raw and gzip size, in bytes, of the Worker script a dry run wrote to `outdir`. */
export async function bundleSize(outdir: string): Promise<{ raw: number; gzip: number }> {
  const script = await readFile(join(outdir, "index.js"));
  return { raw: script.byteLength, gzip: gzipSync(script, { level: 9 }).byteLength };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const isLocal = (url: string) => /^(https?|wss?|libsql):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/i.test(url);

/** Fails unless the database the Worker will use has every migration of this checkout. */
async function checkMigrations(url: string, authToken: string | undefined): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrations(url, authToken);
  } catch (error) {
    throw new Error(`cannot read the migrations of ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (pending.length > 0) {
    throw new Error(
      `${url} lacks ${pending.length} migration(s): ${pending.join(", ")}. ` +
        "Apply them first with `npm run db:migrate` (same LIBSQL_URL and LIBSQL_AUTH_TOKEN), then deploy again.",
    );
  }
  console.log(`migrations     up to date on ${url}`);
}

/** Fails unless API_KEYS holds the digests the Worker will accept (the Worker's own check). */
function checkApiKeys(apiKeys: string | undefined): void {
  if (!apiKeys) {
    throw new Error(
      "API_KEYS is not set: a deployed Worker needs keys (without them /v1 answers 503 misconfigured). " +
        "Set API_KEYS to the comma-separated SHA-256 digests of your keys (printf %s \"$KEY\" | sha256sum), " +
        "the value you give `wrangler secret put API_KEYS`, then deploy again.",
    );
  }
  try {
    parseConfig({ API_KEYS: apiKeys });
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(error.message);
    throw error;
  }
}

/** Runs wrangler on this checkout's Node; resolves with its exit code. */
function wrangler(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [WRANGLER_CLI, ...args], { cwd: ROOT, stdio: "inherit", env });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean", default: false }, outdir: { type: "string", default: join(ROOT, ".wrangler", "deploy") } },
  });
  const dryRun = values["dry-run"];
  const url = process.env.LIBSQL_URL;
  if (!url && !dryRun) {
    throw new Error("set LIBSQL_URL and LIBSQL_AUTH_TOKEN to the Turso database the Worker uses (the values given to `wrangler secret put`)");
  }
  if (!dryRun) checkApiKeys(process.env.API_KEYS);
  if (url && !dryRun && isLocal(url)) {
    throw new Error(`LIBSQL_URL is ${url}, on this machine: a deployed Worker cannot reach it. Point it at your Turso database.`);
  }
  if (url) await checkMigrations(url, process.env.LIBSQL_AUTH_TOKEN);
  else console.log("migrations     not checked (no LIBSQL_URL; dry run)");
  // The dashboard's browser files are static assets built from source, uploaded with the Worker.
  const { scriptBytes } = await buildDashboard();
  console.log(`dashboard      built (script ${scriptBytes} bytes)`);
  if (!dryRun) return wrangler(["deploy", ...positionals], process.env);
  const offline = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", WRANGLER_NO_UPDATE_CHECK: "true" };
  const code = await wrangler(["deploy", "--dry-run", "--outdir", values.outdir, ...positionals], offline);
  if (code !== 0) return code;
  const size = await bundleSize(values.outdir);
  console.log(`Worker bundle  ${kib(size.raw)} raw, ${kib(size.gzip)} gzip (${join(values.outdir, "index.js")})`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`deploy failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
