import { randomBytes } from "node:crypto";
import type { ConnectionPool } from "./connection-pool.ts";
import { HranaError, type PipelineRequest, type StreamResult } from "./protocol.ts";
import { Stream } from "./stream.ts";
import { WriteLock } from "./write-lock.ts";

export interface StreamsOptions {
  /** An open stream nobody uses for this long is rolled back and closed. */
  idleStreamMs: number;
  /** How long a writer may queue for the write lock. */
  lockWaitMs: number;
}

interface Parked {
  stream: Stream;
  timer: NodeJS.Timeout;
}

/**
 * Hrana streams by baton. A baton is good for exactly one pipeline request: it is taken out while the
 * request runs and a fresh one is issued after, so a replayed or stale baton is refused.
 */
export class Streams {
  readonly #pool: ConnectionPool;
  readonly #options: StreamsOptions;
  readonly #lock = new WriteLock<Stream>();
  readonly #parked = new Map<string, Parked>();
  readonly #active = new Set<Stream>();
  #closed = false;

  constructor(pool: ConnectionPool, options: StreamsOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  /** Open streams, parked between requests or running one. */
  get open(): number {
    return this.#parked.size + this.#active.size;
  }

  async pipeline(body: PipelineRequest): Promise<{ baton: string | null; base_url: null; results: StreamResult[] }> {
    const stream = this.#take(body.baton);
    this.#active.add(stream);
    const results: StreamResult[] = [];
    let closed = false;
    try {
      for (const request of body.requests) {
        if (closed) {
          results.push({ type: "error", error: { message: "the stream is closed", code: "STREAM_CLOSED" } });
        } else if (request?.type === "close") {
          closed = true;
          results.push({ type: "ok", response: { type: "close" } });
        } else {
          results.push(await stream.handle(request));
        }
      }
    } finally {
      this.#active.delete(stream);
      // A stream still running when the server shut down is ended here, once it is done.
      if (closed || this.#closed) this.#end(stream);
    }
    return { baton: closed || this.#closed ? null : this.#park(stream), base_url: null, results };
  }

  /** Rolls back and closes every stream; waiting writers are refused. */
  closeAll(): void {
    this.#closed = true;
    for (const [baton, parked] of this.#parked) {
      clearTimeout(parked.timer);
      this.#parked.delete(baton);
      this.#end(parked.stream);
    }
    this.#lock.rejectAll(new HranaError("the server is shutting down", "SERVER_SHUTDOWN"));
  }

  #take(baton: string | null | undefined): Stream {
    if (this.#closed) throw new HranaError("the server is shutting down", "SERVER_SHUTDOWN");
    if (baton === undefined || baton === null) {
      return new Stream(this.#pool.take(), { lock: this.#lock, lockWaitMs: this.#options.lockWaitMs });
    }
    const parked = typeof baton === "string" ? this.#parked.get(baton) : undefined;
    if (!parked) throw new HranaError("unknown baton: the stream expired or was closed", "STREAM_EXPIRED");
    clearTimeout(parked.timer);
    this.#parked.delete(baton);
    return parked.stream;
  }

  #park(stream: Stream): string {
    const baton = randomBytes(18).toString("base64url");
    const timer = setTimeout(() => {
      // Idle expiry: whatever the client left open is rolled back and its write lock handed on.
      this.#parked.delete(baton);
      this.#end(stream);
    }, this.#options.idleStreamMs);
    timer.unref();
    this.#parked.set(baton, { stream, timer });
    return baton;
  }

  #end(stream: Stream): void {
    stream.release();
    this.#pool.give(stream.connection, stream.reusable);
  }
}
