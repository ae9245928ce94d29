import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What API teams run on an OpenAPI document, run on the one the Worker serves: Redocly's linter with
 * the project's `redocly.yaml`, and openapi-typescript's generator followed by `tsc` on a few typed
 * calls. Both run offline, as child processes with a tripwire preloaded that reports any network attempt.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TRIPWIRE = fileURLToPath(new URL("./network-tripwire.ts", import.meta.url));
const TYPED_CALLS = fileURLToPath(new URL("./openapi-typed-calls.ts.txt", import.meta.url));
const require = createRequire(import.meta.url);

export interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  pointer: string;
}

export interface LintReport {
  errors: number;
  warnings: number;
  problems: LintProblem[];
  /** Hosts the linter tried to reach (it must reach none). */
  networkAttempts: string[];
  exitCode: number | null;
}

export interface TypecheckReport {
  ok: boolean;
  /** tsc's diagnostics, empty when `ok`. */
  output: string;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function binOf(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bin = (require(manifest) as { bin: Record<string, string> }).bin[name];
  if (!bin) throw new Error(`${pkg} has no ${name} binary`);
  return join(dirname(manifest), bin);
}

/** What the tripwire logged (nothing when the process reached for nothing). */
function networkAttempts(logFile: string): Promise<string[]> {
  return readFile(logFile, "utf8").then(
    (text) => text.split("\n").filter(Boolean),
    () => [],
  );
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "openapi-tools-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lints `documentText` with `redocly lint` and the repository's redocly.yaml. */
export function lintOpenApi(documentText: string): Promise<LintReport> {
  return inTempDir(async (dir) => {
    const file = join(dir, "openapi.json");
    const reportFile = join(dir, "report.json");
    await writeFile(file, documentText);
    const result = await run(
      ["--import", TRIPWIRE, binOf("@redocly/cli", "redocly"), "lint", file, "--config", join(ROOT, "redocly.yaml"), "--format", "json", "--max-problems", "1000"],
      { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_UPDATE_NOTIFIER: "1", CI: "true", NETWORK_TRIPWIRE_LOG: reportFile },
    );
    const start = result.stdout.indexOf("{");
    if (start < 0) throw new Error(`redocly lint printed no report (exit ${result.code}): ${result.stderr}`);
    const report = JSON.parse(result.stdout.slice(start)) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
    };
    return {
      errors: report.totals.errors,
      warnings: report.totals.warnings,
      problems: report.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, pointer: p.location[0]?.pointer ?? "" })),
      networkAttempts: await networkAttempts(reportFile),
      exitCode: result.code,
    };
  });
}

/**
 * Generates TypeScript types from `documentText` with openapi-typescript and type-checks the typed
 * calls of openapi-typed-calls.ts.txt against them with the project's TypeScript, strict.
 */
export function generateTypesAndTypecheck(documentText: string): Promise<TypecheckReport> {
  return inTempDir(async (dir) => {
    await writeFile(join(dir, "openapi.json"), documentText);
    // By default openapi-typescript makes every property with a `default` required, which is right for
    // replies but wrong for request bodies (`rubric`, `judge` may be left out): API teams turn it off.
    // Run in the temporary directory so it does not pick up the repository's redocly.yaml.
    const generated = await run(
      ["--import", TRIPWIRE, binOf("openapi-typescript", "openapi-typescript"), "openapi.json", "--output", "api.d.ts", "--default-non-nullable=false"],
      { NETWORK_TRIPWIRE_LOG: join(dir, "network.log") },
      dir,
    );
    if (generated.code !== 0) return { ok: false, output: `openapi-typescript failed: ${generated.stderr}` };
    const attempts = await networkAttempts(join(dir, "network.log"));
    if (attempts.length > 0) return { ok: false, output: `openapi-typescript reached for the network: ${attempts.join(", ")}` };
    await writeFile(join(dir, "calls.ts"), await readFile(TYPED_CALLS, "utf8"));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          target: "ES2023",
          module: "ESNext",
          moduleResolution: "Bundler",
          allowImportingTsExtensions: true,
          noEmit: true,
          types: [],
        },
        files: ["calls.ts"],
      }),
    );
    const result = await run([binOf("typescript", "tsc"), "-p", join(dir, "tsconfig.json")]);
    return { ok: result.code === 0, output: `${result.stdout}${result.stderr}`.replaceAll(relative(ROOT, dir), "<generated>").replaceAll(dir, "<generated>") };
  });
}
