import { spawn } from "node:child_process";
import { access, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ROOT, WRANGLER_CLI } from "./paths.ts";
import type { DurableObjectBinding } from "./workerd-config.ts";


/** What `wrangler deploy` would upload, and the settings of wrangler.toml it would upload it with. */
export interface ProductionBuild {
  /** The directory holding the bundle. */
  dir: string;
  /** The main module's file name inside `dir`. */
  mainModule: string;
  workerName: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  durableObjects: DurableObjectBinding[];
  /** wrangler.toml's static assets, directory made absolute; null when it has none. */
  assets: { binding: string; directory: string } | null;
  /** Names of the rate-limit bindings (Cloudflare's network provides them; a bare workerd cannot). */
  rateLimitBindings: string[];
}

/** Settings of wrangler.toml as wrangler itself reads them (defaults, environments and validation included). */
async function readWranglerConfig(): Promise<Omit<ProductionBuild, "dir" | "mainModule">> {
  // Loaded only here: wrangler's API is large, and only this host needs it.
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") });
  if (!config.compatibility_date) throw new Error("wrangler.toml sets no compatibility_date");
  return {
    workerName: config.name ?? "worker",
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    durableObjects: config.durable_objects.bindings.map(({ name, class_name }: { name: string; class_name?: string }) => {
      if (!class_name) throw new Error(`Durable Object binding ${name} names no class`);
      return { name, className: class_name };
    }),
    assets: config.assets?.directory ? { binding: config.assets.binding ?? "ASSETS", directory: resolve(ROOT, config.assets.directory) } : null,
    rateLimitBindings: config.ratelimits.map(({ name }: { name: string }) => name),
  };
}

/** Runs the wrangler CLI to its end; rejects with its output when it fails. */
function runWrangler(args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [WRANGLER_CLI, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_NO_UPDATE_CHECK: "true", NO_UPDATE_NOTIFIER: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolveRun() : reject(new Error(`wrangler ${args.join(" ")} failed (code ${code}):\n${output.trim()}`))));
  });
}

/**
 * Builds the Worker exactly as `npm run deploy` would upload it (`wrangler deploy --dry-run`: the
 * same esbuild settings, wrangler.toml's minify and keep_names, no dev facades), offline and with no
 * account, into `dir`.
 *
 * @example
 * const build = await buildProductionBundle("/dev/shm/judgment-bench-x/bundle");
 * // { dir: "…/bundle", mainModule: "index.js", compatibilityDate: "2026-11-01", durableObjects: [7 bindings], … }
 */
export async function buildProductionBundle(dir: string): Promise<ProductionBuild> {
  await rm(dir, { recursive: true, force: true });
  const [config] = await Promise.all([readWranglerConfig(), runWrangler(["deploy", "--dry-run", "--outdir", dir])]);
  const mainModule = "index.js";
  await access(join(dir, mainModule)).catch(() => {
    throw new Error(`wrangler deploy --dry-run wrote no ${mainModule} into ${dir}`);
  });
  return { dir, mainModule, ...config };
}
