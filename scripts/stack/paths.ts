import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root: where wrangler.toml and node_modules are. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** wrangler's own CLI, run with this Node rather than through npx (no lookup, no network). */
export const WRANGLER_CLI = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

/** Leads a host's process group and takes it down when the process that started it goes away. */
export const WATCHDOG = fileURLToPath(new URL("./watchdog.ts", import.meta.url));
