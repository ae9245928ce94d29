import { fork, type ChildProcess } from "node:child_process";

/**
 * Runs one of the project's Node scripts as a child process and waits until it says it is ready. The
 * bench keeps the libSQL server and the model stub out of its own process so their work never delays
 * the load generator's clock (and so each one's CPU can be measured on its own).
 */

export interface ReadyChild {
  child: ChildProcess;
  /** The first capture group of `readyPattern` in the child's output. */
  ready: string;
  stop(): Promise<void>;
}

/**
 * Forks `script` with `env` and resolves once a line of its stdout matches `readyPattern`.
 *
 * @example
 * const libsql = await startChildScript("scripts/libsql-server.ts", { LIBSQL_PORT: "0" }, /listening on (\S+)/);
 * libsql.ready; // "http://127.0.0.1:41234"
 * await libsql.stop();
 */
export function startChildScript(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  args: string[] = [],
  timeoutMs = 30_000,
): Promise<ReadyChild> {
  const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  const stop = () => stopForked(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const fail = (reason: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${script} ${reason}: ${output.trim().slice(-500)}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null) => fail(`exited (code ${code})`);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stderr?.on("data", collect);
    child.stdout?.on("data", (chunk: Buffer) => {
      collect(chunk);
      const match = readyPattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      // From here on the child's output is drained and dropped (logs are at warn level anyway).
      for (const stream of [child.stdout, child.stderr]) stream?.removeAllListeners("data").resume();
      resolve({ child, ready: match[1] ?? match[0], stop });
    });
    child.once("exit", onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export function stopForked(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
