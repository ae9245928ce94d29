import { Agent, request } from "node:http";

/**
 * The bench's HTTP client: node:http over a keep-alive agent. It is several times cheaper per request
 * than `fetch` in Node, which matters when the load generator shares two cores with the system it
 * measures. It never rejects: a network error or a timeout is a reply with status 0.
 */

export interface BenchRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. `/v1/judgments/c_123`. */
  path: string;
  /** A JSON body (POST). */
  body?: string;
  /** Keep the reply body (parsing it costs CPU the generator would rather spend sending). */
  readBody?: boolean;
}

export interface BenchReply {
  /** HTTP status, or 0 when no reply came (see `error`). */
  status: number;
  body: string | null;
  error?: string;
}

export interface BenchClientOptions {
  /** Most sockets open at once: beyond it requests queue in the client (and that wait counts). */
  maxSockets?: number;
  timeoutMs?: number;
}

export interface BenchClient {
  send(spec: BenchRequest): Promise<BenchReply>;
  close(): void;
}

/**
 * A keep-alive client for one origin.
 *
 * @example
 * const client = createBenchClient("http://127.0.0.1:8787", { maxSockets: 256 });
 * const reply = await client.send({ method: "GET", path: "/health" }); // { status: 200, body: null }
 * client.close();
 */
export function createBenchClient(baseUrl: string, options: BenchClientOptions = {}): BenchClient {
  const origin = new URL(baseUrl);
  const maxSockets = options.maxSockets ?? 1_024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: "lifo" });
  const send = (spec: BenchRequest) =>
    new Promise<BenchReply>((resolve) => {
      const payload = spec.body === undefined ? undefined : Buffer.from(spec.body);
      const headers: Record<string, string | number> = { accept: "application/json" };
      if (payload) {
        headers["content-type"] = "application/json";
        headers["content-length"] = payload.length;
      }
      let settled = false;
      const settle = (reply: BenchReply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(reply);
      };
      const outgoing = request(
        { agent, host: origin.hostname, port: origin.port, method: spec.method, path: spec.path, headers },
        (incoming) => {
          const status = incoming.statusCode ?? 0;
          incoming.on("error", (error) => settle({ status: 0, body: null, error: `reply cut short: ${error.message}` }));
          if (!spec.readBody) {
            incoming.on("end", () => settle({ status, body: null })).resume();
            return;
          }
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => settle({ status, body: Buffer.concat(chunks).toString("utf8") }));
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy();
        settle({ status: 0, body: null, error: `no reply within ${timeoutMs} ms` });
      }, timeoutMs);
      outgoing.on("error", (error) => settle({ status: 0, body: null, error: error.message }));
      outgoing.end(payload);
    });
  return { send, close: () => agent.destroy() };
}
