import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ConnectionPool } from "./connection-pool.ts";
import { HranaError, type PipelineRequest } from "./protocol.ts";
import { requestGuard } from "./request-guard.ts";
import { Streams } from "./streams.ts";

export interface LibsqlServerOptions {
  /** Directory holding the database file; created when missing. */
  dataDir: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1: the server never listens beyond loopback unless told to. */
  host?: string;
  /**
   * When set, every request but `GET /health` must carry `Authorization: Bearer <authToken>` (what
   * `@libsql/client` sends for its `authToken` option); others get 401. The CLI reads LIBSQL_AUTH_TOKEN.
   */
  authToken?: string | undefined;
  /** Host names accepted in the `Host` header besides 127.0.0.1, localhost and [::1] (any port). */
  allowedHosts?: readonly string[];
  /** Default `local.db`. */
  dbFile?: string;
  /** Open streams idle this long are rolled back. Default 10 s (Turso's own figure). */
  idleStreamMs?: number;
  /** A writer queued this long for the write lock gets SQLITE_BUSY. Default 5 s. */
  lockWaitMs?: number;
  /** Largest accepted request body. Default 32 MiB. */
  maxBodyBytes?: number;
}

export interface LibsqlServer {
  /** `http://host:port`, what `@libsql/client` takes as its `url`. */
  url: string;
  port: number;
  /** Open Hrana streams, for tests that check nothing leaks. */
  readonly openStreams: number;
  /** Rolls back open streams, closes the database and stops listening. */
  close(): Promise<void>;
}

class BadRequest extends Error {}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BadRequest(`the request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new BadRequest("the request body is not valid JSON");
  }
}

function asPipeline(body: unknown): PipelineRequest {
  if (typeof body !== "object" || body === null || !Array.isArray((body as PipelineRequest).requests)) {
    throw new BadRequest("a pipeline request is an object with a `requests` array");
  }
  const baton = (body as PipelineRequest).baton;
  if (baton !== undefined && baton !== null && typeof baton !== "string") throw new BadRequest("`baton` must be a string");
  return body as PipelineRequest;
}

/**
 * Starts a local server speaking Turso's HTTP protocol (Hrana v2 pipelines over JSON) on the real
 * libSQL engine, file-backed in WAL mode. It answers only loopback `Host`s, only JSON bodies, only
 * with the bearer token when given one, and refuses SQL that reaches other files (ATTACH, DETACH,
 * VACUUM INTO).
 *
 * @example
 * const server = await startLibsqlServer({ dataDir: ".data/libsql", port: 0, authToken: "s3cret" });
 * const client = createClient({ url: server.url, authToken: "s3cret" });
 * await client.execute("select 1");
 * await server.close();
 */
export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const pool = new ConnectionPool(join(options.dataDir, options.dbFile ?? "local.db"));
  const streams = new Streams(pool, {
    idleStreamMs: options.idleStreamMs ?? 10_000,
    lockWaitMs: options.lockWaitMs ?? 5_000,
  });
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const guard = requestGuard({ authToken: options.authToken, extraHosts: options.allowedHosts ?? [] });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    const refusal = guard(req.method ?? "GET", path, req.headers);
    if (refusal) {
      // The body is left unread: close the connection rather than drain what an attacker sent.
      res.setHeader("connection", "close");
      if (refusal.status === 401) res.setHeader("www-authenticate", 'Bearer realm="libsql"');
      return send(res, refusal.status, { message: refusal.message, code: refusal.code });
    }
    if (req.method === "GET" && ["/", "/health", "/v2", "/v3"].includes(path)) return send(res, 200, {});
    if (req.method === "POST" && (path === "/v2/pipeline" || path === "/v3/pipeline")) {
      const pipeline = asPipeline(await readJson(req, maxBodyBytes));
      return send(res, 200, await streams.pipeline(pipeline));
    }
    // The client only falls back to v2 when v3-protobuf is missing, so say it plainly.
    send(res, 404, { message: `no route for ${req.method} ${path}`, code: "NOT_FOUND" });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BadRequest || error instanceof HranaError) {
        send(res, 400, { message: error.message, code: error instanceof HranaError ? error.code : "BAD_REQUEST" });
      } else {
        send(res, 500, { message: "internal error in the local libSQL server", code: "INTERNAL" });
        console.error("libsql server:", error);
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    get openStreams() {
      return streams.open;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        streams.closeAll();
        pool.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
