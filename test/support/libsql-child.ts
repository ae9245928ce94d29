import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER_SCRIPT = fileURLToPath(new URL("../../scripts/libsql-server.ts", import.meta.url));

export type LibsqlChildState = "running" | "stopped" | "frozen";

/**
 * The local libSQL server as a separate process (`npm run libsql`), so fault tests can do to it what
 * happens to a real database: stop it (SIGTERM), start it again on the same port and data, or freeze
 * it mid-request (SIGSTOP) and thaw it (SIGCONT).
 *
 * @example
 * const libsql = new LibsqlChild({ dataDir, port });
 * await libsql.start();
 * libsql.freeze();
 */
export class LibsqlChild {
  readonly #dataDir: string;
  readonly #port: number;
  readonly #authToken: string | undefined;
  #child: ChildProcess | null = null;
  #state: LibsqlChildState = "stopped";

  constructor(options: { dataDir: string; port: number; authToken?: string }) {
    this.#dataDir = options.dataDir;
    this.#port = options.port;
    this.#authToken = options.authToken;
  }

  get state(): LibsqlChildState {
    return this.#state;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Starts the server and resolves once it says it is listening. */
  start(): Promise<void> {
    if (this.#child) return Promise.resolve();
    const child = spawn(process.execPath, [SERVER_SCRIPT], {
      env: { ...process.env, DATA_DIR: this.#dataDir, LIBSQL_PORT: String(this.#port), LIBSQL_AUTH_TOKEN: this.#authToken ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    return new Promise((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("listening on")) {
          child.stdout!.off("data", onData);
          this.#state = "running";
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code) => {
        this.#child = null;
        this.#state = "stopped";
        reject(new Error(`the libSQL server exited (${code}): ${output}`));
      });
    });
  }

  /** Stops the server (thawing it first if frozen) and resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (this.#state === "frozen") child.kill("SIGCONT");
    child.kill("SIGTERM");
    await exited;
  }

  /** Suspends the process: connections stay open and requests hang, as on a frozen host. */
  freeze(): void {
    if (this.#child && this.#state === "running") {
      this.#child.kill("SIGSTOP");
      this.#state = "frozen";
    }
  }

  thaw(): void {
    if (this.#child && this.#state === "frozen") {
      this.#child.kill("SIGCONT");
      this.#state = "running";
    }
  }
}
