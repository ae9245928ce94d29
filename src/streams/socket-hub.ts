import { ApiError, problemResponse } from "../errors.ts";
import { STREAM_PROTOCOL } from "../security/api-keys.ts";
import { PING, PONG } from "../schemas/stream.ts";

/**
 * A Durable Object's live subscribers on the WebSocket Hibernation API, for any frame type: the object
 * may sleep while sockets stay open, pings are answered without waking it, and `seq` comes from the
 * object's durable counter so it keeps increasing across restarts. The subscribers of one object are
 * capped (`CELL_MAX_SOCKETS`), and a client frame other than the ping closes its socket: sending cannot
 * keep the object awake or busy.
 * https://developers.cloudflare.com/durable-objects/best-practices/websockets/
 */

/** How soon a stream refused for having too many subscribers may be asked again. */
const FULL_RETRY_AFTER_SECONDS = 5;

/** Close code for a client frame the stream does not accept (RFC 6455 §7.4.1: policy violation). */
export const POLICY_VIOLATION = 1008;

export interface SocketHubOptions {
  /** The frame field naming what the stream is about: `cell_id` (cells, comparisons) or `batch_id`. */
  idField?: "cell_id" | "batch_id";
  /** Most sockets open at once; an upgrade past it is refused with 503 `overloaded`. */
  maxSockets: () => number;
}

export interface SeqSource {
  current(): number;
  next(): number;
}

export class SocketHub<Event extends { type: string }> {
  readonly #ctx: DurableObjectState;
  readonly #seq: SeqSource;
  /** The frame field naming what the stream is about: `cell_id` (cells, comparisons) or `batch_id`. */
  readonly #idField: string;
  readonly #maxSockets: () => number;

  constructor(ctx: DurableObjectState, seq: SeqSource, options: SocketHubOptions) {
    this.#ctx = ctx;
    this.#seq = seq;
    this.#idField = options.idField ?? "cell_id";
    this.#maxSockets = options.maxSockets;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  /**
   * Accepts an upgrade; the first frame is the snapshot of what is already done. Past the cap, 503
   * `overloaded` before any socket is made.
   */
  accept(cellId: string, snapshot: object, protocols?: string | null): Response {
    const max = this.#maxSockets();
    if (this.#ctx.getWebSockets().length >= max) {
      const detail = `this stream already has ${max} subscribers (CELL_MAX_SOCKETS); read the resource instead, or retry later`;
      return problemResponse(new ApiError("overloaded", detail, { retryAfterSeconds: FULL_RETRY_AFTER_SECONDS }));
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.#ctx.acceptWebSocket(server);
    server.send(JSON.stringify({ type: "snapshot", [this.#idField]: cellId, seq: this.#seq.current(), at: new Date().toISOString(), ...snapshot }));
    // A browser that offered subprotocols (to carry its key) drops the socket unless one is chosen.
    const offered = (protocols ?? "").split(",").map((protocol) => protocol.trim());
    const headers: HeadersInit = offered.includes(STREAM_PROTOCOL) ? { "sec-websocket-protocol": STREAM_PROTOCOL } : {};
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  /** Whether anyone subscribes: an event costly to make (a finished document) is made only then. */
  listening(): boolean {
    return this.#ctx.getWebSockets().length > 0;
  }

  /** Sends an event to every subscriber; no frame number is used when nobody listens. */
  publish(cellId: string, event: Event): void {
    this.publishAll(cellId, [event]);
  }

  /**
   * Sends events, in order, to every subscriber, asking the runtime for the sockets once: a batch's
   * answers are several frames, and listing the sockets per frame was a cost paid on the cell's one
   * thread for every answer, subscribers or not.
   */
  publishAll(cellId: string, events: readonly Event[]): void {
    if (events.length === 0) return;
    const sockets = this.#ctx.getWebSockets();
    if (sockets.length === 0) return;
    for (const event of events) {
      const text = JSON.stringify({ ...event, [this.#idField]: cellId, seq: this.#seq.next(), at: new Date().toISOString() });
      for (const socket of sockets) {
        try {
          socket.send(text);
        } catch {
          // A failing socket must never disturb the work; its close handler cleans it up.
        }
      }
    }
  }

  /**
   * Anything but the auto-answered ping woke the object: the socket that sent it is closed, so one
   * client cannot keep the object awake by sending, and nothing is sent back per frame.
   */
  onMessage(socket: WebSocket, message: string | ArrayBuffer): void {
    if (message === PING) return;
    try {
      socket.close(POLICY_VIOLATION, 'only {"type":"ping"} is accepted');
    } catch {
      // closing already
    }
  }

  onClose(socket: WebSocket, code: number, reason: string): void {
    try {
      // 1005/1006 are reserved and may not be sent back.
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}
