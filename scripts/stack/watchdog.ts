/**
 * Runs a command in its own process group and takes the whole group down when the parent that started
 * it goes away, however it went: `wrangler dev` and its workerd and esbuild children never watch their
 * parent, so a launcher killed with SIGKILL would otherwise leave them running and holding the port.
 *
 *   node scripts/stack/watchdog.ts <command> [args...]
 *
 * Started detached (so it leads a process group of its own, out of reach of signals meant for the
 * launcher's group) with a pipe as stdin: the pipe closes when the parent dies, even by SIGKILL.
 * SIGTERM, SIGINT or SIGHUP stop the group too. Exits with the command's exit code.
 */
import { spawn } from "node:child_process";

const GRACE_MS = 5_000;
const PARENT_POLL_MS = 500;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: watchdog.ts <command> [args...]");
  process.exit(2);
}

const parentAtStart = process.ppid;
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // the group is already empty
  }
}

/** SIGTERM to the whole group (this process ignores it), then SIGKILL to what is left after a grace. */
function stopGroup(): void {
  if (stopping) return;
  stopping = true;
  signalGroup("SIGTERM");
  setTimeout(() => signalGroup("SIGKILL"), GRACE_MS).unref();
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, stopGroup);
process.stdin.on("data", () => undefined);
process.stdin.once("close", stopGroup);
process.stdin.once("error", stopGroup);
// Belt and braces for a parent that handed its pipe on: a new parent means the old one is gone.
setInterval(() => {
  if (process.ppid !== parentAtStart) stopGroup();
}, PARENT_POLL_MS).unref();

child.once("error", (error) => {
  console.error(`watchdog: cannot start ${command}: ${error.message}`);
  process.exit(1);
});
child.once("exit", (code, signal) => {
  // Whatever the command left behind in the group (workerd, esbuild) goes with it.
  stopping = true;
  signalGroup("SIGTERM");
  process.exit(code ?? (signal ? 1 : 0));
});
